#!/bin/bash
# One task per node (1 node): rendered by `pns run dpo --launcher slurm`.
set -euo pipefail
/opt/venv/bin/python -m accelerate.commands.launch \
  --config_file '/work/project/zero3 config.yaml' \
  --num_processes 4 \
  --num_machines 1 \
  --machine_rank "$SLURM_PROCID" \
  --main_process_ip "$PNS_MAIN_PROCESS_IP" \
  --main_process_port 29511 \
  --rdzv_backend c10d \
  --mixed_precision bf16 \
  -m pns_jobs.dpo \
  --config /work/project/rl.yaml \
  --run_dir /work/project/runs/20261126T054412Z-dpo \
  --resume true
