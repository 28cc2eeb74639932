"""The model servers a run needs, started, watched and stopped as one group: TRL's vLLM generation
server (GRPO's `vllm_mode: server`), the reward model behind `/classify` (vLLM or jobs'
classify_server) and the LLM judge (vLLM). `pns run` writes the plan (`servers/plan.json`, from
the job config's `servers:`) and runs this module, locally or once per Slurm node:

    python -m pns_jobs.model_servers --plan RUN/servers/plan.json --out-dir RUN/servers/node-0 \
        --node-rank 0 --train-gpus 4 [--gpu-count 8] [--exit-with-parent PID]

It gives each server its GPUs (the first ones of this node's visible devices, in plan order; the
training takes the next `--train-gpus`), a free port on 127.0.0.1 and the token named in the plan,
waits for every health endpoint, writes the reward config that points `pns serve-reward` at the
servers, and prints, for the caller to read:

    PNS_SERVER_<NAME>_URL=http://127.0.0.1:<port>[/v1]    one per server
    PNS_VLLM_GROUP_PORT=<port>                            with a generation server (TRL's weight sync)
    PNS_SERVERS_CONFIG=<file>                             the reward config (when one was written)
    PNS_TRAIN_DEVICES=<ids>                               the training's CUDA_VISIBLE_DEVICES
    PNS_SERVERS_READY=1                                   everything is healthy

or `PNS_SERVERS_FAILED=<cause and fix>` (exit 1, every server stopped). Then it stays until
SIGTERM/SIGINT, or until the `--exit-with-parent` process is gone, and stops every server (SIGTERM
to its process group, SIGKILL after a grace period). Each server's output goes to
`<out-dir>/<name>.log`; `<out-dir>/servers.json` records what ran, where, and how it ended.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1
STOP_GRACE_S = 20.0


class ServersFailed(Exception):
    """A server could not be started or never became healthy: the message says why and what to do."""


@dataclass
class Server:
    spec: dict[str, Any]
    process: subprocess.Popen[bytes] | None = None
    port: int = 0
    devices: list[str] = field(default_factory=list)
    state: str = "planned"
    reason: str = ""
    started: float = 0.0
    healthy_after_s: float | None = None

    @property
    def name(self) -> str:
        return str(self.spec["name"])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.spec.get('url_suffix', '')}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def visible_devices(gpu_count: int | None) -> list[str]:
    """This node's GPUs as CUDA ids: Slurm's (or the user's) CUDA_VISIBLE_DEVICES when set, else 0..n-1."""
    given = os.environ.get("CUDA_VISIBLE_DEVICES")
    if given is not None and given.strip() not in ("", "-1", "NoDevFiles"):
        return [d.strip() for d in given.split(",") if d.strip()]
    return [str(i) for i in range(gpu_count or 0)]


def assign_devices(servers: list[Server], devices: list[str], train_gpus: int) -> list[str]:
    """Servers take the first devices in plan order; the training takes the next `train_gpus`."""
    wanted = sum(int(s.spec.get("gpus", 0)) for s in servers)
    if wanted and len(devices) < wanted + train_gpus:
        names = ", ".join(f"{s.name} {s.spec.get('gpus', 0)}" for s in servers if s.spec.get("gpus"))
        raise ServersFailed(
            f"the servers need {wanted} GPU(s) ({names}) and the training {train_gpus}, but this node has "
            f"{len(devices)} ({','.join(devices) or 'none'}): lower a server's gpus or --gpus, or ask for more GPUs"
        )
    at = 0
    for server in servers:
        count = int(server.spec.get("gpus", 0))
        server.devices = devices[at : at + count]
        at += count
    if not devices:
        return []  # a CPU node: the training runs on the CPU, whatever --gpus said
    return devices[at : at + train_gpus]


def parent_death_signal() -> None:
    """In the server's child, before exec: its own session (one signal stops its workers too), and
    SIGTERM when this supervisor dies, even by SIGKILL, so no server outlives its run."""
    os.setsid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the supervisor's own stop still applies


def start(server: Server, out_dir: Path) -> None:
    spec = server.spec
    server.port = int(spec.get("port") or 0) or free_port()
    argv = [str(word).replace("{port}", str(server.port)) for word in spec["argv"]]
    env = dict(os.environ)
    env.update({str(k): str(v) for k, v in (spec.get("env") or {}).items()})
    # GPUs: exactly the assigned ones (none: an empty list hides every GPU from a CPU server).
    env["CUDA_VISIBLE_DEVICES"] = ",".join(server.devices)
    token_from, token_to = spec.get("token_env"), spec.get("server_token_env")
    if token_from and token_to:
        token = os.environ.get(token_from)
        if not token:
            raise ServersFailed(f"server {server.name}: ${token_from} (its token) is not set")
        env[token_to] = token
    log = (out_dir / f"{server.name}.log").open("ab")
    try:
        server.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, preexec_fn=parent_death_signal)
    except OSError as error:
        raise ServersFailed(f"server {server.name}: cannot start {argv[0]}: {error.strerror or error}") from error
    finally:
        log.close()
    server.started = time.monotonic()
    server.state = "starting"
    print(f"[pns] server {server.name} ({spec.get('engine')}): starting on port {server.port}, GPUs {','.join(server.devices) or 'none'} (log {out_dir / (server.name + '.log')})", flush=True)


def log_tail(out_dir: Path, server: Server, lines: int = 5) -> str:
    try:
        text = (out_dir / f"{server.name}.log").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return " / ".join(line.strip() for line in text.strip().splitlines()[-lines:] if line.strip())


def healthy(server: Server) -> bool:
    url = f"http://127.0.0.1:{server.port}{server.spec.get('health', '/health')}"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(200 <= response.status < 300)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def wait_healthy(servers: list[Server], out_dir: Path, poll_s: float = 0.25) -> None:
    """Until every server answers its health endpoint; fails at the first that exits or runs out of time."""
    pending = list(servers)
    while pending:
        for server in list(pending):
            assert server.process is not None
            code = server.process.poll()
            if code is not None:
                server.state, server.reason = "failed", f"exited with code {code} before it was healthy"
                tail = log_tail(out_dir, server)
                raise ServersFailed(f"server {server.name} {server.reason}{': ' + tail if tail else ''} (log {out_dir / (server.name + '.log')})")
            if healthy(server):
                server.state = "healthy"
                server.healthy_after_s = round(time.monotonic() - server.started, 2)
                print(f"[pns] server {server.name} healthy at {server.url} after {server.healthy_after_s}s", flush=True)
                pending.remove(server)
            elif time.monotonic() - server.started > float(server.spec.get("ready_timeout_s", 900)):
                limit = server.spec.get("ready_timeout_s", 900)
                server.state, server.reason = "failed", f"not healthy within {limit}s"
                tail = log_tail(out_dir, server)
                raise ServersFailed(
                    f"server {server.name} was {server.reason} ({server.spec.get('health', '/health')} on port {server.port})"
                    f"{': ' + tail if tail else ''}: see {out_dir / (server.name + '.log')}; raise servers.{server.name}.ready_timeout_s if it is still loading"
                )
        if pending:
            time.sleep(poll_s)


def stop(servers: list[Server], grace_s: float = STOP_GRACE_S) -> None:
    """SIGTERM to every server's process group, SIGKILL to those still there after the grace."""
    running = [s for s in servers if s.process is not None and s.process.poll() is None]
    for server in running:
        assert server.process is not None
        try:
            os.killpg(server.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace_s
    for server in running:
        assert server.process is not None
        try:
            server.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(server.process.pid, signal.SIGKILL)  # its workers too, even when the leader exited
        except ProcessLookupError:
            pass
        server.process.wait()
        if server.state in ("starting", "healthy"):
            server.state = "stopped"


def reward_config(plan: dict[str, Any], servers: list[Server], out_dir: Path) -> Path | None:
    """The run's pns.config.json with the reward model's and the judge's endpoints pointed at the
    servers started here; relative paths made absolute, since the copy lives elsewhere."""
    roles = {s.spec.get("role"): s for s in servers}
    if not ({"reward_model", "judge"} & roles.keys()):
        return None
    source = plan.get("reward_config")
    config: dict[str, Any] = {}
    if source:
        config = json.loads(Path(source).read_text(encoding="utf-8"))
        base = Path(source).resolve().parent
        if isinstance(config.get("cacheDir"), str):
            config["cacheDir"] = str(base / config["cacheDir"])
        if isinstance(config.get("rewardModel"), dict) and isinstance(config["rewardModel"].get("modelDir"), str):
            config["rewardModel"]["modelDir"] = str(base / config["rewardModel"]["modelDir"])
    config.pop("$schema", None)
    for role, key in (("reward_model", "rewardModel"), ("judge", "judge")):
        server = roles.get(role)
        if server is None:
            continue
        entry = dict(config.get(key) or {})
        entry.update(baseUrl=server.url, model=server.spec["served_model"], apiKeyEnv=server.spec["token_env"])
        if key == "rewardModel":
            entry.setdefault("kind", "classify")
        config[key] = entry
    target = out_dir / "pns.config.json"
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, target)
    return target


def record(out_dir: Path, node_rank: int, servers: list[Server], state: str, reason: str = "") -> None:
    body = {
        "node_rank": node_rank,
        "host": socket.gethostname(),
        "state": state,
        "reason": reason,
        "servers": [
            {
                "name": s.name,
                "role": s.spec.get("role"),
                "engine": s.spec.get("engine"),
                "model": s.spec.get("served_model"),
                # Tokens travel in the environment, never in argv, so the command is safe to record.
                "argv": [str(w).replace("{port}", str(s.port)) for w in s.spec["argv"]],
                "url": s.url if s.port else None,
                "gpus": s.devices,
                "pid": s.process.pid if s.process else None,
                "state": s.state,
                "reason": s.reason,
                "healthy_after_s": s.healthy_after_s,
                "log": str(out_dir / f"{s.name}.log"),
            }
            for s in servers
        ],
    }
    temporary = out_dir / "servers.json.tmp"
    temporary.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, out_dir / "servers.json")


def env_name(server: Server) -> str:
    return "PNS_SERVER_" + "".join(c if c.isalnum() else "_" for c in server.name.upper()) + "_URL"


class Stop(Exception):
    """SIGTERM or SIGINT reached the supervisor."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pns_jobs.model_servers", description=__doc__.split("\n")[0])
    parser.add_argument("--plan", required=True, help="servers/plan.json written by pns run")
    parser.add_argument("--out-dir", required=True, help="this node's folder: logs, servers.json, pns.config.json")
    parser.add_argument("--node-rank", type=int, default=0, help="SLURM_PROCID: servers marked `first` start on rank 0 only")
    parser.add_argument("--train-gpus", type=int, default=0, help="GPUs the training takes on this node, after the servers'")
    parser.add_argument("--gpu-count", type=int, default=None, help="this node's GPUs when CUDA_VISIBLE_DEVICES is unset")
    parser.add_argument("--exit-with-parent", type=int, default=None, help="stop everything when this pid is gone")
    args = parser.parse_args(argv)

    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    here = [args.node_rank == 0 or spec.get("nodes", "every") == "every" for spec in plan["servers"]]
    servers = [Server(spec) for spec, runs in zip(plan["servers"], here) if runs]
    # Servers that run on the first node only (TRL's generation server: only rank 0 talks to it):
    # their variable is empty here, so the same launch command works on every node.
    elsewhere = [Server(spec) for spec, runs in zip(plan["servers"], here) if not runs]

    def on_signal(signum: int, _frame: Any) -> None:
        raise Stop(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    outcome, reason = "stopped", ""
    try:
        try:
            train = assign_devices(servers, visible_devices(args.gpu_count), args.train_gpus)
            for server in servers:
                start(server, out_dir)
            record(out_dir, args.node_rank, servers, "starting")
            wait_healthy(servers, out_dir)
            config = reward_config(plan, servers, out_dir)
        except ServersFailed as error:
            outcome, reason = "failed", str(error)
            print(f"PNS_SERVERS_FAILED={error}", flush=True)
            return 1
        for server in servers:
            print(f"{env_name(server)}={server.url}", flush=True)
        for server in elsewhere:
            print(f"{env_name(server)}=", flush=True)
        if any(s.spec.get("role") == "generation" for s in plan_servers(plan)):
            print(f"PNS_VLLM_GROUP_PORT={free_port()}", flush=True)
        if config is not None:
            print(f"PNS_SERVERS_CONFIG={config}", flush=True)
        print(f"PNS_TRAIN_DEVICES={','.join(train)}", flush=True)
        record(out_dir, args.node_rank, servers, "ready")
        print("PNS_SERVERS_READY=1", flush=True)
        while True:
            if args.exit_with_parent is not None and not pid_alive(args.exit_with_parent):
                reason = f"its parent {args.exit_with_parent} is gone"
                return 0
            for server in servers:
                assert server.process is not None
                code = server.process.poll()
                if code is not None and server.state == "healthy":
                    server.state, server.reason = "exited", f"exited with code {code} during the run"
                    print(f"[pns] server {server.name} {server.reason}: see {out_dir / (server.name + '.log')}", file=sys.stderr, flush=True)
                    record(out_dir, args.node_rank, servers, "degraded", f"{server.name} {server.reason}")
            time.sleep(0.5)
    except Stop as signal_name:
        reason = f"{signal_name} received"
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stop(servers)
        record(out_dir, args.node_rank, servers, outcome, reason)


def plan_servers(plan: dict[str, Any]) -> list[Server]:
    return [Server(spec) for spec in plan["servers"]]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


if __name__ == "__main__":
    sys.exit(main())
