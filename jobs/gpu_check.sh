#!/usr/bin/env bash
# GPU check: reverse RL (GRPO + reward server) and DPO for a few steps on a random-initialised model
# of realistic shape (Qwen2.5-0.5B dimensions, ~0.49B parameters) in bf16 on one GPU, then prints
# step time, tokens per second and the share of each RL step spent waiting for the reward server.
#
# For a machine with one GPU and no network that has Python with torch (CUDA), transformers,
# accelerate and peft but not TRL or datasets: those come from a folder of wheels given as the first
# argument and are installed with pip --no-index --no-deps into a private folder (nothing global).
#
#   bash jobs/gpu_check.sh <wheel-dir> [out-dir]      (about 3-6 minutes on an H100)
#
# Knobs: PNS_GPU_RL_STEPS (5), PNS_GPU_DPO_STEPS (6), PNS_GPU_COMPLETION_LEN (256), PNS_GPU_PYTHON,
# PNS_GPU_SHAPE (0.5b; `tiny` with PNS_GPU_ALLOW_CPU=1 smoke-tests this script on a laptop),
# PNS_NODE (a node binary for the reward server when none is on PATH; dist/ must be built).
# The reward server is `pns serve-reward` when node and a built dist/ are present, else the Python
# stand-in from jobs/tests (same HTTP contract), and the output says which one was measured.
set -euo pipefail

wheels="${1:?usage: bash jobs/gpu_check.sh <wheel-dir> [out-dir]}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${2:-${OUT:-$repo/.cache/gpu-check}}"
python="${PNS_GPU_PYTHON:-python3}"
rl_steps="${PNS_GPU_RL_STEPS:-5}"
dpo_steps="${PNS_GPU_DPO_STEPS:-6}"
completion_len="${PNS_GPU_COMPLETION_LEN:-256}"
shape="${PNS_GPU_SHAPE:-0.5b}"
allow_cpu="${PNS_GPU_ALLOW_CPU:-}"
work="$(mktemp -d)"
mkdir -p "$out"
trap '[ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
log() { echo "[gpu-check] $*"; }

# 1. Engines: install the carried wheels into a private folder. Pure-Python wheels tagged for another
# Python minor (e.g. multiprocess py311) are unpacked directly: a wheel is a zip of site-packages.
site="$work/site"
mkdir -p "$site"
shopt -s nullglob
for wheel in "$wheels"/*.whl; do
  if ! "$python" -m pip install --quiet --no-index --no-deps --target "$site" "$wheel" 2>/dev/null; then
    case "$(basename "$wheel")" in
      *-none-any.whl) "$python" -m zipfile -e "$wheel" "$site" && log "unpacked $(basename "$wheel") (tag mismatch, pure Python)" ;;
      *) log "cannot install $(basename "$wheel") for this Python; skipped" ;;
    esac
  fi
done
export PYTHONPATH="$site:$repo/jobs${PYTHONPATH:+:$PYTHONPATH}"
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TOKENIZERS_PARALLELISM=false PNS_LOG_CAPTURED=0
PNS_GPU_ALLOW_CPU="$allow_cpu" "$python" - <<'EOF'
import importlib, os, sys
missing = []
for name in ("torch", "transformers", "accelerate", "datasets", "trl", "yaml"):
    try:
        module = importlib.import_module(name)
        print(f"[gpu-check] {name} {getattr(module, '__version__', '?')}")
    except Exception as error:  # noqa: BLE001
        missing.append(f"{name} ({type(error).__name__}: {error})")
import torch
if not torch.cuda.is_available():
    if not os.environ.get("PNS_GPU_ALLOW_CPU"):
        missing.append("CUDA (torch.cuda.is_available() is False)")
else:
    print(f"[gpu-check] {torch.cuda.get_device_name(0)}, bf16 {torch.cuda.is_bf16_supported()}, Python {sys.version.split()[0]}")
if missing:
    sys.exit("[gpu-check] missing: " + "; ".join(missing) + " (add the wheels to the wheel folder)")
EOF

# 2. A random model of realistic shape, and data sized for it.
log "building the $shape-shaped model"
"$python" -m pns_jobs.tiny_model --shape "$shape" --out "$work/model" >/dev/null
"$python" - "$repo" "$work" <<'EOF'
import json, sys
from pathlib import Path
repo, work = Path(sys.argv[1]), Path(sys.argv[2])
rows = [json.loads(l) for l in (repo / "jobs/tests/fixtures/grpo.jsonl").read_text().splitlines()]
pairs = [json.loads(l) for l in (repo / "jobs/tests/fixtures/trl-dpo.jsonl").read_text().splitlines()]
with open(work / "grpo.jsonl", "w") as f:
    for i in range(256):
        row = dict(rows[i % len(rows)]); row["prompt"] = f"Problem {i}. " + row["prompt"] * 3
        f.write(json.dumps(row) + "\n")
with open(work / "dpo.jsonl", "w") as f:
    for i in range(256):
        pair = dict(pairs[i % len(pairs)])
        pair["chosen"] = (pair["chosen"] + "\n") * 6; pair["rejected"] = (pair["rejected"] + "\n") * 6
        f.write(json.dumps(pair) + "\n")
EOF
if [ -n "$allow_cpu" ]; then precision="bf16: false
use_cpu: true"; else precision="dtype: bfloat16
bf16: true
use_cpu: false"; fi
common="model_name_or_path: $work/model
$precision
gradient_checkpointing: false
learning_rate: 1.0e-6
logging_steps: 1
save_strategy: 'no'
report_to: none
dataloader_num_workers: 0
seed: 0"
cat >"$work/rl.yaml" <<EOF
$common
dataset: $work/grpo.jsonl
reward_components: [format, accuracy, cot]
per_device_train_batch_size: ${PNS_GPU_RL_BATCH:-64}
num_generations: 8
max_completion_length: $completion_len
max_steps: $rl_steps
EOF
cat >"$work/dpo.yaml" <<EOF
$common
dataset: $work/dpo.jsonl
per_device_train_batch_size: 8
max_length: 1024
max_steps: $dpo_steps
EOF

# 3. The reward server.
server_log="$work/reward-server.log"
node_bin="${PNS_NODE:-$(command -v node || true)}"
if [ -n "$node_bin" ] && [ -f "$repo/dist/cli/main.js" ]; then
  server_kind="pns serve-reward (Node $("$node_bin" --version))"
  env -u PNS_REWARD_TOKEN "$node_bin" "$repo/bin/pns.js" serve-reward --port 0 --no-cache >"$server_log" 2>&1 &
else
  server_kind="Python stand-in (no node or dist/ here)"
  "$python" "$repo/jobs/tests/reward_stub.py" >"$server_log" 2>&1 &
fi
server_pid=$!
for _ in $(seq 1 300); do
  grep -q '^PNS_REWARD_TOKEN=' "$server_log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2; exit 1; }
  sleep 0.1
done
export PNS_REWARD_URL="$(sed -n 's/^PNS_REWARD_URL=//p' "$server_log")"
export PNS_REWARD_TOKEN="$(sed -n 's/^PNS_REWARD_TOKEN=//p' "$server_log")"
log "reward server: $server_kind at $PNS_REWARD_URL"

# 4. The runs (one process each, as `pns run` launches them).
run() {
  local job="$1" module="$2" started
  started=$(date +%s)
  log "$job: $3"
  if ! "$python" -m "pns_jobs.$module" --config "$work/$job.yaml" --run_dir "$out/$job" >"$out/$job.log" 2>&1; then
    tail -n 30 "$out/$job.log" >&2
    log "$job failed: see $out/$job.log"
    exit 1
  fi
  log "$job: done in $(($(date +%s) - started))s (wall, including model load)"
}
rm -rf "$out/rl" "$out/dpo"
run rl reverse_rl "GRPO, $rl_steps steps, $((${PNS_GPU_RL_BATCH:-64} / 8)) prompts x 8 generations, completions up to $completion_len tokens"
run dpo dpo "DPO, $dpo_steps steps, batch 8, up to 1024 tokens"

# 5. The figures.
log "figures (first step excluded; reward server: $server_kind):"
"$python" -m pns_jobs.gpu_report --rl "$out/rl" --dpo "$out/dpo" --json "$out/gpu-check.json"
