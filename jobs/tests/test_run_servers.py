"""`pns run` starts the servers a job config names (`servers:`), for real: reverse RL from the
PNS-mini base model (it writes well-formed answers, half of them wrong, so the reward model is
called) with its reward model behind jobs' REAL /classify server (a tiny classifier built here),
started by `pns run`, healthy before the job, used by `pns serve-reward` through the reward config
it points there, stopped at the end; and a server that cannot start fails the run before the job,
with its cause, and leaves nothing running. (A vLLM server cannot run here: its command lines are
tested in test/jobs/servers.test.ts, its lifecycle is the supervisor's, tested in test_model_servers.py.)"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from conftest import REPO
from test_model_servers import gone, tiny_classifier  # noqa: F401 - the fixture, shared

PYTHON = str(REPO / "jobs" / ".venv" / "bin" / "python")


def pns(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PNS_REWARD")}
    env.update(PNS_PYTHON=PYTHON, OMP_NUM_THREADS="1")
    return subprocess.run(["node", str(REPO / "bin" / "pns.js"), "run", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=900, check=False)


def project(tmp_path: Path, model: str) -> Path:
    (tmp_path / "pns.config.json").write_text(
        json.dumps(
            {
                "weights": {"format": 0.1, "rewardModel": 0.5, "localCot": 0.4},
                # baseUrl and model are the run's to fill in: they point at the server it starts.
                "rewardModel": {"baseUrl": "http://127.0.0.1:9", "model": "placeholder", "kind": "classify", "inputFormat": "text", "textTemplate": "{problem}{response}"},
            }
        )
    )
    config = tmp_path / "rl.yaml"
    config.write_text(
        "model_name_or_path: examples/mini/base\ndataset: examples/mini/problems.pns\nprompt_template: \"{problem}\"\n"
        "reward_components: [format, accuracy, rm]\nnum_generations: 8\nper_device_train_batch_size: 8\n"
        "max_completion_length: 48\nmax_steps: 2\nlogging_steps: 1\nsave_strategy: 'no'\nseed: 0\nuse_cpu: true\nbf16: false\n"
        "gradient_checkpointing: false\ndataloader_num_workers: 0\nreport_to: none\n"
        f"reward_config: {tmp_path / 'pns.config.json'}\n"
        f"servers:\n  reward_model: {{ model: {model}, engine: classify, ready_timeout_s: 300 }}\n"
    )
    return config


def run_dir_of(stdout: str) -> Path:
    return Path(next(line for line in stdout.splitlines() if line.startswith("PNS_RUN_DIR=")).split("=", 1)[1])


def test_reverse_rl_scores_with_the_reward_model_server_the_run_started(tmp_path: Path, tiny_classifier: Path) -> None:  # noqa: F811
    done = pns("reverse-rl", "--config", str(project(tmp_path, str(tiny_classifier))), "--runs-root", str(tmp_path / "runs"))
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-3000:]
    out = done.stdout
    run_dir = run_dir_of(out)
    # Healthy before the reward server started, the reward server before the job.
    order = [out.index(s) for s in ("[pns] server reward_model healthy at http://127.0.0.1:", "[pns] reward server at ", "-m pns_jobs.reverse_rl")]
    assert order == sorted(order), out
    record = json.loads((run_dir / "servers" / "node-0" / "servers.json").read_text())
    assert record["state"] == "stopped" and record["servers"][0]["state"] == "stopped", record
    assert gone(record["servers"][0]["pid"])
    derived = json.loads((run_dir / "servers" / "node-0" / "pns.config.json").read_text())
    assert derived["rewardModel"]["baseUrl"] == record["servers"][0]["url"]
    assert derived["rewardModel"]["apiKeyEnv"] == "PNS_REWARD_MODEL_API_KEY"
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    # The reward server called the reward model the run started (wrong, well-formed answers only).
    assert sum(r.get("pns/remote_calls", 0) for r in rows) > 0, rows
    assert any("rewards/pns_rm/mean" in r for r in rows), rows[-1].keys()
    assert json.loads((run_dir / "status.json").read_text())["state"] == "succeeded"
    assert "PNS_REWARD_MODEL_API_KEY" not in (run_dir / "command.json").read_text()


def test_a_server_that_cannot_start_fails_the_run_before_the_job(tmp_path: Path) -> None:
    done = pns("reverse-rl", "--config", str(project(tmp_path, str(tmp_path / "no-such-model"))), "--runs-root", str(tmp_path / "runs"))
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    run_dir = run_dir_of(done.stdout)
    status = json.loads((run_dir / "status.json").read_text())
    assert status["state"] == "failed"
    assert status["reason"].startswith("server reward_model exited with code 1 before it was healthy"), status
    assert "no-such-model" in status["reason"]
    assert not (run_dir / "metrics.jsonl").exists()  # the job never started
    record = json.loads((run_dir / "servers" / "node-0" / "servers.json").read_text())
    assert record["state"] == "failed" and gone(record["servers"][0]["pid"])
