#!/bin/bash
# One task per node (1 node, 4 processes each): rendered by `pns run dpo --launcher slurm`.
set -euo pipefail
if [ "$SLURM_PROCID" = 0 ]; then export PNS_RDZV_CONF=is_host=true; else export PNS_RDZV_CONF=is_host=false; fi
/opt/venv/bin/python -m accelerate.commands.launch \
  --config_file '/work/project/zero3 config.yaml' \
  --num_processes 4 \
  --num_machines 1 \
  --machine_rank "$SLURM_PROCID" \
  --main_process_ip "$PNS_MAIN_PROCESS_IP" \
  --main_process_port "$PNS_MAIN_PROCESS_PORT" \
  --rdzv_backend c10d \
  --rdzv_conf "$PNS_RDZV_CONF" \
  --mixed_precision bf16 \
  -m pns_jobs.dpo \
  --config /work/project/rl.yaml \
  --run_dir /work/project/runs/20261126T054412Z-dpo \
  --resume true
