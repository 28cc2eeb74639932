"""The model servers' supervisor (pns_jobs.model_servers) with the REAL classify server on a tiny
sequence-classification model built here: start, health, token, the reward config it writes,
stop on SIGTERM, on its parent's death and on its own SIGKILL; a server that never becomes healthy
and one that crashes fail with the cause, and nothing is left running.

vLLM cannot run here (no GPU, not in the mirror): its servers' command lines are tested in
test/jobs/servers.test.ts; their lifecycle is the same code path as the classify server's."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from conftest import REPO
from pns_jobs import model_servers

PYTHON = sys.executable


@pytest.fixture(scope="session")
def tiny_classifier(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> Path:
    """The tiny model with a one-label sequence-classification head, saved like a trained reward model."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    out = tmp_path_factory.mktemp("classifier")
    model = AutoModelForSequenceClassification.from_pretrained(str(tiny_model), num_labels=1)
    model.config.pad_token_id = AutoTokenizer.from_pretrained(str(tiny_model)).pad_token_id
    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(str(tiny_model)).save_pretrained(out)
    (out / "pns_reward_input.json").write_text(json.dumps({"format": "plain", "eos": True}))
    return out


def classify_spec(model: Path, **extra: object) -> dict[str, object]:
    return {
        "name": "reward_model",
        "role": "reward_model",
        "engine": "classify",
        "argv": [PYTHON, "-m", "pns_jobs.classify_server", "--model", str(model), "--port", "{port}"],
        "gpus": 0,
        "health": "/health",
        "url_suffix": "",
        "ready_timeout_s": 120,
        "nodes": "every",
        "served_model": str(model),
        "token_env": "PNS_REWARD_MODEL_API_KEY",
        "server_token_env": "PNS_REWARD_MODEL_API_KEY",
        **extra,
    }


class Supervisor:
    def __init__(self, tmp_path: Path, servers: list[dict[str, object]], reward_config: str | None = None, *extra: str) -> None:
        tmp_path.mkdir(parents=True, exist_ok=True)
        self.out = tmp_path / "node-0"
        plan = tmp_path / "plan.json"
        plan.write_text(json.dumps({"servers": servers, "reward_config": reward_config}))
        env = {**os.environ, "PNS_REWARD_MODEL_API_KEY": "tok-123", "PYTHONPATH": str(REPO / "jobs"), "PYTHONUNBUFFERED": "1"}
        env.pop("CUDA_VISIBLE_DEVICES", None)
        self.process = subprocess.Popen(
            [PYTHON, "-m", "pns_jobs.model_servers", "--plan", str(plan), "--out-dir", str(self.out), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )
        self.lines: list[str] = []

    def until(self, *prefixes: str, timeout: float = 120) -> str:
        """Reads lines until one starts with a prefix (a deadline, no sleeps)."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith(prefixes):
                return line.rstrip("\n")
            assert time.monotonic() < deadline, self.lines
        raise AssertionError(f"the supervisor ended without {prefixes}: {self.lines}")

    def value(self, name: str) -> str:
        return next(line.split("=", 1)[1] for line in self.lines if line.startswith(name + "="))

    def record(self) -> dict[str, object]:
        return json.loads((self.out / "servers.json").read_text())


def gone(pid: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        stat = Path(f"/proc/{pid}/stat")
        if stat.exists() and stat.read_text().split()[2] == "Z":
            return True
        time.sleep(0.05)
    return False


def post(url: str, body: dict[str, object], token: str | None) -> tuple[int, dict[str, object]]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_classify_server_started_healthy_scoring_and_stopped(tmp_path: Path, tiny_classifier: Path) -> None:
    config = tmp_path / "cfg" / "pns.config.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"cacheDir": ".cache", "weights": {"rewardModel": 0.5}, "rewardModel": {"baseUrl": "http://10.0.0.1:8001", "model": "old", "kind": "classify", "modelDir": "rm"}}))
    sup = Supervisor(tmp_path, [classify_spec(tiny_classifier)], str(config))
    assert sup.until("PNS_SERVERS_READY=", "PNS_SERVERS_FAILED=").startswith("PNS_SERVERS_READY="), sup.lines
    url = sup.value("PNS_SERVER_REWARD_MODEL_URL")
    assert url.startswith("http://127.0.0.1:")
    assert sup.value("PNS_TRAIN_DEVICES") == ""  # no GPU here
    # The real server scores with the token it was given through the environment, and refuses without.
    code, body = post(url + "/classify", {"input": ["1+1=2", "1+1=3"]}, "tok-123")
    assert code == 200 and len(body["data"]) == 2 and isinstance(body["data"][0]["logits"][0], float)
    assert post(url + "/classify", {"input": ["x"]}, None)[0] == 401
    # The reward config now points at it; relative paths became absolute; the token is named, not written.
    derived = json.loads(Path(sup.value("PNS_SERVERS_CONFIG")).read_text())
    assert derived["rewardModel"] == {"baseUrl": url, "model": str(tiny_classifier), "kind": "classify", "modelDir": str(config.parent / "rm"), "apiKeyEnv": "PNS_REWARD_MODEL_API_KEY"}
    assert derived["cacheDir"] == str(config.parent / ".cache") and derived["weights"] == {"rewardModel": 0.5}
    assert "tok-123" not in (sup.out / "servers.json").read_text() + json.dumps(derived)
    record = sup.record()
    assert record["state"] == "ready" and record["servers"][0]["state"] == "healthy"
    pid = record["servers"][0]["pid"]
    sup.process.send_signal(signal.SIGTERM)
    assert sup.process.wait(timeout=60) == 0
    assert gone(pid)
    final = sup.record()
    assert final["state"] == "stopped" and final["servers"][0]["state"] == "stopped", final


def test_a_server_that_never_becomes_healthy_fails_with_the_fix_and_is_stopped(tmp_path: Path) -> None:
    # Listens, but /health answers 503 forever (a vLLM server still loading, as far as a client can tell).
    never = (
        "import http.server, sys\n"
        "class H(http.server.BaseHTTPRequestHandler):\n"
        "    def do_GET(self): self.send_response(503); self.end_headers()\n"
        "    def log_message(self, *a): pass\n"
        "http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()\n"
    )
    spec = classify_spec(tmp_path, name="judge", role="judge", engine="vllm", argv=[PYTHON, "-c", never, "{port}"], ready_timeout_s=3, url_suffix="/v1")
    sup = Supervisor(tmp_path, [spec])
    line = sup.until("PNS_SERVERS_READY=", "PNS_SERVERS_FAILED=")
    assert line.startswith("PNS_SERVERS_FAILED=server judge was not healthy within 3s (/health on port "), line
    assert "raise servers.judge.ready_timeout_s" in line
    assert sup.process.wait(timeout=60) == 1
    record = sup.record()
    assert record["state"] == "failed" and record["servers"][0]["state"] == "failed"
    assert gone(record["servers"][0]["pid"])


def test_a_server_that_crashes_fails_with_its_last_output(tmp_path: Path) -> None:
    spec = classify_spec(tmp_path / "no-such-model")
    sup = Supervisor(tmp_path, [spec])
    line = sup.until("PNS_SERVERS_READY=", "PNS_SERVERS_FAILED=")
    assert line.startswith("PNS_SERVERS_FAILED=server reward_model exited with code 1 before it was healthy: "), line
    assert "no-such-model" in line  # the server's own last words name the cause
    assert sup.process.wait(timeout=30) == 1


def test_the_servers_stop_when_the_parent_goes_or_the_supervisor_is_killed(tmp_path: Path, tiny_classifier: Path) -> None:
    parent = subprocess.Popen([PYTHON, "-c", "import time; time.sleep(600)"])
    try:
        sup = Supervisor(tmp_path / "a", [classify_spec(tiny_classifier)], None, "--exit-with-parent", str(parent.pid))
        assert sup.until("PNS_SERVERS_READY=", "PNS_SERVERS_FAILED=").startswith("PNS_SERVERS_READY="), sup.lines
        pid = sup.record()["servers"][0]["pid"]
    finally:
        parent.kill()
        parent.wait()
    assert sup.process.wait(timeout=60) == 0 and gone(pid)

    killed = Supervisor(tmp_path / "b", [classify_spec(tiny_classifier)])
    assert killed.until("PNS_SERVERS_READY=", "PNS_SERVERS_FAILED=").startswith("PNS_SERVERS_READY="), killed.lines
    pid = killed.record()["servers"][0]["pid"]
    killed.process.kill()  # no chance to stop anything itself: the server's parent-death signal does it
    killed.process.wait()
    assert gone(pid)


def test_gpus_go_to_the_servers_first_then_the_training(monkeypatch: pytest.MonkeyPatch) -> None:
    servers = [model_servers.Server({"name": "generation", "gpus": 2}), model_servers.Server({"name": "judge", "gpus": 1})]
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "4,5,6,7,0,1")  # Slurm's (or the user's) choice is kept
    devices = model_servers.visible_devices(None)
    assert model_servers.assign_devices(servers, devices, 3) == ["7", "0", "1"]
    assert [s.devices for s in servers] == [["4", "5"], ["6"]]
    with pytest.raises(model_servers.ServersFailed, match=r"the servers need 3 GPU\(s\) \(generation 2, judge 1\) and the training 4, but this node has 6"):
        model_servers.assign_devices(servers, devices, 4)
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES")
    assert model_servers.visible_devices(2) == ["0", "1"]
    cpu = [model_servers.Server({"name": "reward_model", "gpus": 0})]
    assert model_servers.assign_devices(cpu, [], 1) == []  # a CPU machine: the training runs on the CPU
