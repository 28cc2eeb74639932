#!/bin/bash
# One task per node (2 nodes, 8 processes each): rendered by `pns run reverse-rl --launcher slurm`.
set -euo pipefail
if [ "$SLURM_PROCID" = 0 ]; then export PNS_RDZV_CONF=is_host=true; else export PNS_RDZV_CONF=is_host=false; fi
cleanup() { [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null; [ -n "${servers_pid:-}" ] && { kill "$servers_pid" 2>/dev/null; wait "$servers_pid" 2>/dev/null; }; rm -f "${server_log:-}" "${servers_out:-}"; return 0; }
trap cleanup EXIT
# Each node runs its own reward server on 127.0.0.1 (it binds loopback only and checks a token);
# its ranks reach it locally, and the judge / reward-model endpoints it calls are shared.
server_log="$(mktemp)"
(unset PNS_REWARD_TOKEN; exec /usr/bin/node /opt/pns/bin/pns.js serve-reward --port 0) >"$server_log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q "^PNS_REWARD_TOKEN=" "$server_log" && break
  kill -0 "$server_pid" 2>/dev/null || { echo "[pns] reward server exited:" >&2; cat "$server_log" >&2; exit 1; }
  sleep 0.1
done
export PNS_REWARD_URL="$(sed -n "s/^PNS_REWARD_URL=//p" "$server_log")"
export PNS_REWARD_TOKEN="$(sed -n "s/^PNS_REWARD_TOKEN=//p" "$server_log")"
[ -n "$PNS_REWARD_TOKEN" ] || { echo "[pns] reward server did not start within 60s" >&2; exit 1; }
/opt/venv/bin/python -m accelerate.commands.launch \
  --num_processes 16 \
  --num_machines 2 \
  --multi_gpu \
  --machine_rank "$SLURM_PROCID" \
  --main_process_ip "$PNS_MAIN_PROCESS_IP" \
  --main_process_port "$PNS_MAIN_PROCESS_PORT" \
  --rdzv_backend c10d \
  --rdzv_conf "$PNS_RDZV_CONF" \
  -m pns_jobs.reverse_rl \
  --config /work/project/rl.yaml \
  --run_dir /work/project/runs/20261126T054412Z-reverse-rl
