#!/usr/bin/env bash
# A real single-host Slurm for tests: one slurmctld and two slurmd (nodes pns1 and pns2 on this
# host, one CPU-only partition), everything under a folder of the caller's choosing.
#
#   bash scripts/slurm-test-cluster.sh start DIR   installs slurm-wlm if missing (as root, Debian),
#                                                  writes DIR/slurm.conf, starts the daemons, waits
#                                                  until both nodes are idle; prints SLURM_CONF=...
#   bash scripts/slurm-test-cluster.sh stop DIR    stops the daemons by the pids in DIR, waits for
#                                                  them to exit
#
# Exit codes of `start`: 0 up; 3 Slurm is missing and cannot be installed here (not root, no
# apt-get, no package reachable): the caller may skip with the printed reason; 1 anything else (a
# real failure: the daemons did not come up; their logs are printed).
#
# Facts behind the config (Slurm 22.05, Debian 12; see docs/jobs.md): auth/none needs no munge;
# proctrack/linuxproc and task/none work without cgroups; CR_Core without memory tracking lets
# jobs share a node; two NodeNames with the same NodeHostname, NodeAddr 127.0.0.1 and their own
# Port run as `slurmd -N <name>`. No accounting: sacct is disabled, scontrol still knows a job for
# MinJobAge seconds after it ends (what `pns run` falls back on).
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[[ $# -eq 2 ]] || usage
action="$1"
dir="$2"

stop() {
  local pids=()
  for file in "$dir"/*.pid; do
    [[ -f "$file" ]] || continue
    local pid
    pid="$(cat "$file")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  # Wait (bounded) for each daemon to exit; a stuck one gets SIGKILL so nothing is left running.
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  echo "slurm-test-cluster: stopped ${#pids[@]} daemon(s)"
}

unavailable() {
  echo "slurm-test-cluster: unavailable: $1" >&2
  exit 3
}

install_slurm() {
  command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 && command -v sbatch >/dev/null 2>&1 && return 0
  [[ "$(id -u)" == 0 ]] || unavailable "slurmctld/slurmd are not installed and this user is not root (install: apt-get install slurm-wlm)"
  command -v apt-get >/dev/null 2>&1 || unavailable "slurmctld/slurmd are not installed and there is no apt-get here"
  echo "slurm-test-cluster: installing slurm-wlm (apt-get, about 30 s)"
  local log="$dir/apt.log"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm >"$log" 2>&1; then
    # A stale package index is the usual cause on a fresh machine: refresh once and retry.
    DEBIAN_FRONTEND=noninteractive apt-get update >>"$log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm >>"$log" 2>&1 ||
      unavailable "apt-get could not install slurm-wlm: $(grep -E '^E:' "$log" | head -n 1)"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

show_logs() {
  for log in "$dir"/*.log; do
    [[ -f "$log" && "$log" != "$dir/apt.log" ]] || continue
    echo "--- $log" >&2
    tail -n 20 "$log" >&2
  done
}

start() {
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  install_slurm
  stop >/dev/null # leftovers of an earlier start in the same folder
  # Old state brings nodes back drained: always start from nothing.
  rm -rf "$dir/state" "$dir/spool"
  mkdir -p "$dir/state" "$dir/spool/pns1" "$dir/spool/pns2"
  local host ctld_port port1 port2 memory
  host="$(hostname -s)"
  ctld_port="$(free_port)"
  port1="$(free_port)"
  port2="$(free_port)"
  # Slurm counts memory in MiB; claim a quarter of it per node so the check against the host passes.
  memory=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 4))
  cat >"$dir/slurm.conf" <<EOF
# Written by scripts/slurm-test-cluster.sh: a throwaway single-host test cluster.
ClusterName=pnstest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/none
CredType=cred/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd-%n.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MinJobAge=300
KillWait=5
NodeName=pns1 NodeHostname=$host NodeAddr=127.0.0.1 Port=$port1 CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
NodeName=pns2 NodeHostname=$host NodeAddr=127.0.0.1 Port=$port2 CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=cpu Nodes=pns1,pns2 Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$SLURM_CONF" || { show_logs; exit 1; }
  slurmd -f "$SLURM_CONF" -N pns1 || { show_logs; stop; exit 1; }
  slurmd -f "$SLURM_CONF" -N pns2 || { show_logs; stop; exit 1; }
  # Up when the controller answers and both nodes are idle (deadline 60 s; usually 4-10 s).
  local deadline=$((SECONDS + 60))
  until [[ "$(sinfo -h -N -o '%N %t' 2>/dev/null | grep -c ' idle$' || true)" == 2 ]]; do
    if ((SECONDS > deadline)); then
      echo "slurm-test-cluster: nodes not idle after 60 s:" >&2
      sinfo -N >&2 || true
      show_logs
      stop
      exit 1
    fi
    sleep 0.2
  done
  echo "SLURM_CONF=$SLURM_CONF"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
