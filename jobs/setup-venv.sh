#!/usr/bin/env bash
# Creates jobs/.venv with the engines the jobs need (torch CPU, TRL, transformers, accelerate,
# datasets, peft, pytest, pyyaml) plus this package in editable mode.
#
# Offline by design: pip's default index is unreachable here and an on-disk mirror is configured as
# an extra index, so every install passes `--retries 0` to fall through to the mirror at once.
# Idempotent: a stamp file keyed by a hash of requirements.txt + pyproject.toml + this script makes a
# second run return in well under a second; change any of them and the venv is rebuilt.
#
#   bash jobs/setup-venv.sh            create or refresh (CPU torch, jobs/requirements.txt)
#   bash jobs/setup-venv.sh --gpu      the GPU engines instead: CUDA torch, vLLM, DeepSpeed
#                                      (jobs/requirements-gpu.txt; needs a package index with them)
#   PNS_PYTHON_BASE=python3.12 bash jobs/setup-venv.sh   pick the base interpreter
set -euo pipefail

jobs_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$jobs_dir/.venv"
stamp="$venv/.pns-setup-stamp"
base_python="${PNS_PYTHON_BASE:-python3}"

mode=cpu
requirements="$jobs_dir/requirements.txt"
case "${1:-}" in
  "") ;;
  --gpu)
    mode=gpu
    requirements="$jobs_dir/requirements-gpu.txt"
    ;;
  *)
    echo "usage: bash jobs/setup-venv.sh [--gpu]" >&2
    exit 2
    ;;
esac

hash_inputs() {
  # The GPU stamp differs from the CPU one even where the files agree: a mode switch reinstalls.
  if [[ "$mode" == cpu ]]; then
    cat "$requirements" "$jobs_dir/pyproject.toml" "$jobs_dir/setup-venv.sh" | sha256sum | cut -d' ' -f1
  else
    { cat "$requirements" "$jobs_dir/pyproject.toml" "$jobs_dir/setup-venv.sh"; echo gpu; } | sha256sum | cut -d' ' -f1
  fi
}
want="$(hash_inputs)"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$venv/bin/python" ]]; then
  echo "jobs/.venv is up to date ($mode, $(cut -c1-12 "$stamp"))"
  exit 0
fi

fail() {
  echo "setup-venv: $1" >&2
  shift
  for line in "$@"; do echo "  $line" >&2; done
  exit 1
}

if [[ "$mode" == gpu ]]; then
  # Ask the index before touching anything: a machine that cannot get vLLM keeps its CPU venv.
  index_python="$(command -v "$base_python")"
  [[ -x "$venv/bin/python" ]] && index_python="$venv/bin/python"
  for pin in $(grep -E '^(vllm|deepspeed)==' "$requirements"); do
    name="${pin%%==*}"
    version="${pin##*==}"
    if ! "$index_python" -m pip index versions "$name" --retries 0 2>/dev/null | grep -q "$version"; then
      fail "the package index offers no $name $version: jobs/.venv was left as it is" \
        "on a GPU machine with network access: bash jobs/setup-venv.sh --gpu" \
        "offline: put the wheels of jobs/requirements-gpu.txt in a folder and set PIP_FIND_LINKS to it"
    fi
  done
fi
# Switching between the CPU and the GPU engines: start from an empty venv, never a mix of torches.
current_mode=cpu
[[ -f "$venv/.pns-setup-mode" ]] && current_mode="$(cat "$venv/.pns-setup-mode")"
if [[ -x "$venv/bin/python" && "$current_mode" != "$mode" ]]; then
  echo "setup-venv: switching jobs/.venv from $current_mode to $mode engines: recreating it"
  rm -rf "$venv"
fi
if [[ "$mode" == gpu ]] && ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "setup-venv: warning: no nvidia-smi here; installing the GPU engines anyway (pns run --dry-run reports what CUDA sees)" >&2
fi

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
if ! "$venv/bin/python" -m pip install --retries 0 --progress-bar off -r "$requirements" >"$log" 2>&1; then
  tail -n 25 "$log" >&2
  fail "pip could not install jobs/$(basename "$requirements") (see above and $log)" \
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

if [[ "$mode" == gpu ]]; then
  "$venv/bin/python" -c 'import vllm, deepspeed' ||
    fail "the GPU environment was installed but vllm or deepspeed does not import (see above)"
  "$venv/bin/python" -m pns_jobs.probe | "$venv/bin/python" -c 'import json, sys; v = json.load(sys.stdin)["versions"]; print("setup-venv: " + ", ".join(f"{k} {v[k]}" for k in ("torch", "vllm", "deepspeed", "flash_attn")))'
fi
echo "$mode" >"$venv/.pns-setup-mode"
echo "$want" >"$stamp"
echo "setup-venv: ready in $(($(date +%s) - started))s: $("$venv/bin/python" -c 'import torch, trl, transformers; print(f"torch {torch.__version__}, trl {trl.__version__}, transformers {transformers.__version__}")')"
