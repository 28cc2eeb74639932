#!/bin/bash
# Rendered by `pns run reverse-rl --launcher slurm`; submitted from the run directory with `sbatch --parsable sbatch.sh`.
#SBATCH --job-name=pns-reverse-rl
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=1
#SBATCH --gres=gpu:8
#SBATCH --cpus-per-task=32
#SBATCH --partition=gpu
#SBATCH --account=math
#SBATCH --time=12:00:00
#SBATCH --output=slurm-%j.out
#SBATCH --open-mode=append
#SBATCH --qos=high
set -euo pipefail
cd /work/project
export PYTHONPATH=/opt/pns/jobs${PYTHONPATH:+:$PYTHONPATH}
export PNS_LOG_CAPTURED=1 PYTHONUNBUFFERED=1
export PNS_CLI='/usr/bin/node /opt/pns/bin/pns.js'
mapfile -t pns_nodes < <(scontrol show hostnames "$SLURM_JOB_NODELIST")
pns_addr="$(scontrol show node "${pns_nodes[0]}" | sed -n "s/.*NodeAddr=\([^ ]*\).*/\1/p" | head -n 1)"
export PNS_MAIN_PROCESS_IP="${pns_addr:-${pns_nodes[0]}}"
export PNS_MAIN_PROCESS_PORT=29500
echo "[pns] slurm job $SLURM_JOB_ID on ${#pns_nodes[@]} node(s): ${pns_nodes[*]}; rendezvous $PNS_MAIN_PROCESS_IP:$PNS_MAIN_PROCESS_PORT"
srun --ntasks-per-node=1 --kill-on-bad-exit=1 bash /work/project/runs/20261126T054412Z-reverse-rl/node.sh
