#!/usr/bin/env bash
# GPU check: verifies a GPU environment end to end and measures it.
#   1. the engines: torch with CUDA, transformers, accelerate, datasets, TRL (and vLLM, DeepSpeed,
#      flash-attention when installed); without a CUDA GPU it stops at once, exit 2, saying so;
#   2. the mini pipeline's quick profile (`pns run pipeline --config examples/mini/pipeline.yaml
#      --profile quick`: every phase of the method, PNS-mini sized), when node and a built dist/ are here;
#   3. reverse RL (GRPO + the reward server) and DPO for a few steps on a random-initialised model of
#      Qwen2.5-0.5B's shape (~0.49B parameters) in bf16 on one GPU, generating with vLLM (colocate)
#      when vLLM is installed, else with transformers `generate`;
#   and prints step time, tokens per second and the share of each GRPO step spent waiting for rewards.
#
#   bash jobs/gpu_check.sh [--out DIR] [--wheels DIR] [--no-pipeline]
#
# The interpreter: $PNS_GPU_PYTHON, else jobs/.venv/bin/python (`bash jobs/setup-venv.sh --gpu`),
# else python3. --wheels DIR: for a machine with no network whose Python lacks TRL or datasets:
# the wheels there are installed with pip --no-index --no-deps into a private folder (nothing global).
# The older form `bash jobs/gpu_check.sh <wheel-dir> [out-dir]` still works.
#
# Knobs: PNS_GPU_RL_STEPS (5), PNS_GPU_DPO_STEPS (6), PNS_GPU_COMPLETION_LEN (256), PNS_GPU_RL_BATCH (64),
# PNS_GPU_SHAPE (0.5b; `tiny` with PNS_GPU_ALLOW_CPU=1 smoke-tests this script without a GPU),
# PNS_GPU_VLLM (auto; 0 turns vLLM generation off), PNS_NODE (a node binary when none is on PATH).
# The reward server is `pns serve-reward` when node and a built dist/ are present, else the Python
# stand-in from jobs/tests (same HTTP contract), and the output says which one was measured.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: bash jobs/gpu_check.sh [--out DIR] [--wheels DIR] [--no-pipeline]"
wheels="" out="" pipeline=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:?$usage}"; shift 2 ;;
    --wheels) wheels="${2:?$usage}"; shift 2 ;;
    --no-pipeline) pipeline=""; shift ;;
    -h | --help) echo "$usage"; exit 0 ;;
    -*) echo "gpu_check: unknown option $1" >&2; echo "$usage" >&2; exit 2 ;;
    *) if [ -z "$wheels" ]; then wheels="$1"; elif [ -z "$out" ]; then out="$1"; else echo "$usage" >&2; exit 2; fi; shift ;;
  esac
done
out="${out:-${OUT:-$repo/.cache/gpu-check}}"
if [ -n "${PNS_GPU_PYTHON:-}" ]; then python="$PNS_GPU_PYTHON"
elif [ -x "$repo/jobs/.venv/bin/python" ]; then python="$repo/jobs/.venv/bin/python"
else python="python3"; fi
rl_steps="${PNS_GPU_RL_STEPS:-5}"
dpo_steps="${PNS_GPU_DPO_STEPS:-6}"
completion_len="${PNS_GPU_COMPLETION_LEN:-256}"
shape="${PNS_GPU_SHAPE:-0.5b}"
allow_cpu="${PNS_GPU_ALLOW_CPU:-}"
work="$(mktemp -d)"
mkdir -p "$out"
trap '[ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
log() { echo "[gpu-check] $*"; }

# 1. Engines: the carried wheels (if any) into a private folder. Pure-Python wheels tagged for another
# Python minor (e.g. multiprocess py311) are unpacked directly: a wheel is a zip of site-packages.
site="$work/site"
mkdir -p "$site"
shopt -s nullglob
if [ -n "$wheels" ]; then
  [ -d "$wheels" ] || { echo "gpu_check: --wheels $wheels is not a folder" >&2; exit 2; }
  for wheel in "$wheels"/*.whl; do
    if ! "$python" -m pip install --quiet --no-index --no-deps --target "$site" "$wheel" 2>/dev/null; then
      case "$(basename "$wheel")" in
        *-none-any.whl) "$python" -m zipfile -e "$wheel" "$site" && log "unpacked $(basename "$wheel") (tag mismatch, pure Python)" ;;
        *) log "cannot install $(basename "$wheel") for this Python; skipped" ;;
      esac
    fi
  done
fi
export PYTHONPATH="$site:$repo/jobs${PYTHONPATH:+:$PYTHONPATH}"
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TOKENIZERS_PARALLELISM=false PNS_LOG_CAPTURED=0
if ! command -v "$python" >/dev/null 2>&1; then
  echo "[gpu-check] FAILED: no Python at $python: run \`bash jobs/setup-venv.sh --gpu\` or set PNS_GPU_PYTHON" >&2
  exit 2
fi
engines="$work/engines.txt"
if ! PNS_GPU_ALLOW_CPU="$allow_cpu" "$python" - >"$engines" <<'PYEOF'
import importlib, os, sys
missing = []
for name in ("torch", "transformers", "accelerate", "datasets", "trl", "yaml"):
    try:
        module = importlib.import_module(name)
        print(f"[gpu-check] {name} {getattr(module, '__version__', '?')}")
    except Exception as error:  # noqa: BLE001
        missing.append(f"{name} ({type(error).__name__}: {error})")
for name in ("vllm", "deepspeed", "flash_attn"):
    try:
        print(f"[gpu-check] {name} {importlib.import_module(name).__version__}")
    except Exception:  # noqa: BLE001 - optional engines
        print(f"[gpu-check] {name} not installed")
if missing:
    sys.exit("[gpu-check] FAILED: missing " + "; ".join(missing) + ": run `bash jobs/setup-venv.sh --gpu` (or pass --wheels DIR)")
import torch
if torch.cuda.is_available():
    for i in range(torch.cuda.device_count()):
        p = torch.cuda.get_device_properties(i)
        print(f"[gpu-check] GPU {i}: {p.name}, {p.total_memory / 2**30:.1f} GiB, bf16 {torch.cuda.is_bf16_supported()}")
elif not os.environ.get("PNS_GPU_ALLOW_CPU"):
    cuda = torch.version.cuda or "none: a CPU build"
    sys.exit(
        f"[gpu-check] FAILED: no CUDA GPU here: torch {torch.__version__} (CUDA {cuda}) sees none. "
        "This check needs a machine with an NVIDIA GPU and its driver: there, run `bash jobs/setup-venv.sh --gpu`, "
        "then `bash jobs/gpu_check.sh`. (PNS_GPU_ALLOW_CPU=1 PNS_GPU_SHAPE=tiny only smoke-tests the script.)"
    )
else:
    print("[gpu-check] no CUDA GPU: PNS_GPU_ALLOW_CPU=1, a smoke test of the script on the CPU (no figures worth reporting)")
PYEOF
then
  cat "$engines"
  exit 2
fi
cat "$engines"
vllm=""
if [ "${PNS_GPU_VLLM:-auto}" != "0" ] && [ -z "$allow_cpu" ] && grep -q '^\[gpu-check\] vllm [0-9]' "$engines"; then vllm=1; fi
node_bin="${PNS_NODE:-$(command -v node || true)}"

# 1b. The mini pipeline's quick profile: every phase of the method through `pns run`, end to end.
if [ -n "$pipeline" ]; then
  if [ -n "$node_bin" ] && [ -f "$repo/dist/cli/main.js" ]; then
    log "the mini pipeline, quick profile (pns run pipeline --profile quick; its phases run where examples/mini puts them: the CPU)"
    started=$(date +%s)
    if ! (cd "$repo" && PNS_PYTHON="$python" "$node_bin" bin/pns.js run pipeline --config examples/mini/pipeline.yaml --profile quick --runs-root "$out/runs" >"$out/pipeline.log" 2>&1); then
      tail -n 30 "$out/pipeline.log" >&2
      log "FAILED: the mini pipeline: see $out/pipeline.log"
      exit 1
    fi
    pipeline_dir="$(sed -n 's/^PNS_RUN_DIR=//p' "$out/pipeline.log" | head -n 1)"
    log "the mini pipeline: succeeded in $(($(date +%s) - started))s; report $pipeline_dir/report.md"
  else
    log "the mini pipeline: skipped (it needs node and a built dist/: npm run build)"
  fi
fi

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
if [ -n "$vllm" ]; then
  generation="use_vllm: true
vllm_mode: colocate
vllm_gpu_memory_utilization: 0.3"
  generator="vLLM, colocate"
else
  generation="use_vllm: false"
  generator="transformers generate"
fi
cat >"$work/rl.yaml" <<EOF
$common
$generation
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
run rl reverse_rl "GRPO ($generator), $rl_steps steps, $((${PNS_GPU_RL_BATCH:-64} / 8)) prompts x 8 generations, completions up to $completion_len tokens"
run dpo dpo "DPO, $dpo_steps steps, batch 8, up to 1024 tokens"

# 5. The figures.
log "figures (first step excluded; generation: $generator; reward server: $server_kind):"
"$python" -m pns_jobs.gpu_report --rl "$out/rl" --dpo "$out/dpo" --json "$out/gpu-check.json"
