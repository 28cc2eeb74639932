#!/usr/bin/env bash
# Creates jobs/.venv with the engines the jobs need (torch CPU, TRL, transformers, accelerate,
# datasets, peft, pytest, pyyaml) plus this package in editable mode.
#
# Offline by design: pip's default index is unreachable here and an on-disk mirror is configured as
# an extra index, so every install passes `--retries 0` to fall through to the mirror at once.
# Idempotent: a stamp file keyed by a hash of requirements.txt + pyproject.toml + this script makes a
# second run return in well under a second; change any of them and the venv is rebuilt.
#
#   bash jobs/setup-venv.sh            create or refresh
#   PNS_PYTHON_BASE=python3.12 bash jobs/setup-venv.sh   pick the base interpreter
set -euo pipefail

jobs_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$jobs_dir/.venv"
stamp="$venv/.pns-setup-stamp"
base_python="${PNS_PYTHON_BASE:-python3}"

hash_inputs() {
  cat "$jobs_dir/requirements.txt" "$jobs_dir/pyproject.toml" "$jobs_dir/setup-venv.sh" | sha256sum | cut -d' ' -f1
}
want="$(hash_inputs)"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$venv/bin/python" ]]; then
  echo "jobs/.venv is up to date ($(cut -c1-12 "$stamp"))"
  exit 0
fi

fail() {
  echo "setup-venv: $1" >&2
  shift
  for line in "$@"; do echo "  $line" >&2; done
  exit 1
}

command -v "$base_python" >/dev/null 2>&1 ||
  fail "no Python interpreter '$base_python' on PATH" "install Python 3.10+ or set PNS_PYTHON_BASE"
"$base_python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ||
  fail "$("$base_python" --version 2>&1) is too old" "the jobs need Python 3.10 or later"

started=$(date +%s)
if [[ ! -x "$venv/bin/python" ]]; then
  echo "setup-venv: creating $venv with $("$base_python" --version 2>&1)"
  "$base_python" -m venv "$venv" || fail "python -m venv failed" "on Debian: apt-get install python3-venv"
fi
rm -f "$stamp"

export PIP_RETRIES=0 PIP_DISABLE_PIP_VERSION_CHECK=1
log="$venv/pip-install.log"
echo "setup-venv: installing pinned engines (log: $log)"
if ! "$venv/bin/python" -m pip install --retries 0 --progress-bar off -r "$jobs_dir/requirements.txt" >"$log" 2>&1; then
  tail -n 25 "$log" >&2
  fail "pip could not install jobs/requirements.txt (see above and $log)" \
    "offline here: the packages must be in the configured mirror (pip config list shows it)" \
    "with network: check the pinned versions exist for $("$venv/bin/python" --version 2>&1)"
fi
# Editable install of our package; --no-build-isolation uses the venv's own setuptools instead of
# fetching a build environment, --no-deps because requirements.txt already pinned everything.
if ! "$venv/bin/python" -m pip install --retries 0 --no-deps --no-build-isolation -e "$jobs_dir" >>"$log" 2>&1; then
  tail -n 25 "$log" >&2
  fail "pip could not install the pns_jobs package in editable mode (see $log)"
fi
"$venv/bin/python" -c 'import torch, trl, transformers, accelerate, datasets, pns_jobs' ||
  fail "the environment was installed but an import fails (see above)"

echo "$want" >"$stamp"
echo "setup-venv: ready in $(($(date +%s) - started))s: $("$venv/bin/python" -c 'import torch, trl, transformers; print(f"torch {torch.__version__}, trl {trl.__version__}, transformers {transformers.__version__}")')"
