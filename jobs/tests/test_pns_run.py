"""`pns run` end to end, as a user runs it from a fresh clone: the TypeScript CLI validates the
config, probes this interpreter, starts the real `pns serve-reward`, launches the job and stops
the server. Needs the built CLI (npm test builds it first)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from conftest import REPO


def pns(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PNS_REWARD")}
    env["PNS_PYTHON"] = str(REPO / "jobs" / ".venv" / "bin" / "python")
    return subprocess.run(
        ["node", str(REPO / "bin" / "pns.js"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_reverse_rl_through_pns_run_with_the_real_reward_server(tmp_path: Path, tiny_model: Path) -> None:
    done = pns("run", "reverse-rl", "--config", "examples/tiny/reverse-rl.yaml", "--runs-root", str(tmp_path))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    run_dir = Path(next(line for line in lines if line.startswith("PNS_RUN_DIR=")).split("=", 1)[1])
    assert any(line.startswith("[pns] reward server at http://127.0.0.1:") for line in lines)
    assert lines[-1].startswith("[pns] reverse-rl succeeded (") and lines[-1].endswith(f"run dir {run_dir})")
    status = json.loads((run_dir / "status.json").read_text())
    assert status["state"] == "succeeded" and status["launcher"] == "local"
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    steps = [r for r in rows if "reward" in r]
    assert len(steps) >= 4
    for row in steps:  # the composite and each component the real server reports
        for key in ("rewards/pns_reward/mean", "rewards/pns_format/mean", "rewards/pns_accuracy/mean", "pns/reward_wait_s"):
            assert key in row, key
        assert row["pns/unscored_frac"] < 1  # the server scored them
    assert (run_dir / "data" / "grpo.jsonl").read_text().count("\n") == 40  # exported from examples/demo.pns
    assert "PNS_REWARD_TOKEN" not in (run_dir / "command.json").read_text()


def test_pns_run_rejects_a_bad_config_before_starting(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(
        "model_name_or_path: .cache/tiny-qwen3\ndataset: examples/tiny/tiny.pns\n"
        "per_device_train_batch_size: 3\nnum_generations: 4\nlearning_rat: 0.1\n"
    )
    done = pns("run", "reverse-rl", "--config", str(config), "--runs-root", str(tmp_path / "runs"))
    assert done.returncode == 2
    assert f"{config}:5:1: error: unknown key 'learning_rat' for reverse-rl (did you mean 'learning_rate'?)" in done.stderr
    assert "is not divisible by num_generations 4" in done.stderr
    assert not (tmp_path / "runs").exists()
