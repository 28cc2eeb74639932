#!/bin/bash
# Rendered by `pns run dpo --launcher slurm`; submitted with `sbatch --parsable`.
#SBATCH --job-name=pns-dpo
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --gres=gpu:4
#SBATCH --output=/work/project/runs/20261126T054412Z-dpo/slurm-%j.out
#SBATCH --open-mode=append
set -euo pipefail
cd /work/project
export PYTHONPATH=/opt/pns/jobs${PYTHONPATH:+:$PYTHONPATH}
export PNS_LOG_CAPTURED=1 PYTHONUNBUFFERED=1
export PNS_CLI='/usr/bin/node /opt/pns/bin/pns.js'
mapfile -t pns_nodes < <(scontrol show hostnames "$SLURM_JOB_NODELIST")
export PNS_MAIN_PROCESS_IP="${pns_nodes[0]}"
echo "[pns] slurm job $SLURM_JOB_ID on ${#pns_nodes[@]} node(s): ${pns_nodes[*]}"
srun --ntasks-per-node=1 --kill-on-bad-exit=1 bash /work/project/runs/20261126T054412Z-dpo/node.sh
