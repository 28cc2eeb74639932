"""The five tiny jobs, for real: TRL trainers on the tiny model, on this CPU, each in its own
process as `pns run` launches them. Slow-ish (each well under a minute here)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pns_jobs import JOBS
from reward_stub import RewardStub

REPO = Path(__file__).resolve().parents[2]
TIMINGS: dict[str, float] = {}


def run_job(job: str, run_dir: Path, env: dict[str, str], *extra: str, launcher: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    config = REPO / "examples" / "tiny" / f"{job}.yaml"
    module = ["-m", f"pns_jobs.{JOBS[job]}"]
    args = ["--config", str(config), "--run_dir", str(run_dir), *extra]
    command = (launcher + module if launcher else [sys.executable, *module]) + args
    started = time.monotonic()
    done = subprocess.run(command, cwd=REPO, env={**os.environ, **env}, capture_output=True, text=True, timeout=300, check=False)
    TIMINGS[job] = time.monotonic() - started
    sys.stderr.write(f"\n[tiny] {job}: {TIMINGS[job]:.1f}s\n")
    assert done.returncode == 0, f"{job} exited {done.returncode}:\n{done.stderr[-4000:]}"
    return done


def status(run_dir: Path) -> dict[str, Any]:
    return json.loads((run_dir / "status.json").read_text())


def metrics(run_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]


def samples(run_dir: Path) -> list[dict[str, Any]]:
    text = (run_dir / "samples.jsonl").read_text(encoding="utf-8")
    assert text.endswith("\n")  # whole lines only
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def job_env(tiny_model: Path, pns_cli: str) -> dict[str, str]:
    return {"PNS_CLI": pns_cli, "HF_HUB_OFFLINE": "1", "RANK": "0", "WORLD_SIZE": "1"}


def test_reverse_rl_calls_the_reward_server_and_logs_components(tmp_path: Path, job_env: dict[str, str]) -> None:
    with RewardStub() as stub:
        run_job("reverse-rl", tmp_path / "run", {**job_env, **stub.env()})
        assert len(stub.requests) >= 4  # one batch per step, one rank
    assert status(tmp_path / "run")["state"] == "succeeded"
    rows = [r for r in metrics(tmp_path / "run") if "reward" in r]
    assert len(rows) >= 4
    for row in rows:
        for key in ("rewards/pns_reward/mean", "rewards/pns_format/mean", "rewards/pns_accuracy/mean", "rewards/pns_cot/mean", "pns/reward_wait_s"):
            assert key in row, key
    assert (tmp_path / "run" / "outputs" / "model" / "config.json").is_file()
    assert any(p.name.startswith("checkpoint-") for p in (tmp_path / "run" / "checkpoints").iterdir())

    # samples.jsonl: every rollout of the 4-completion batches (under the budget of 16), on the
    # steps whose metrics line reports their reward, whose mean it is.
    logged = samples(tmp_path / "run")
    assert sorted({s["step"] for s in logged}) == [r["step"] for r in rows]
    for row in rows:
        at_step = [s for s in logged if s["step"] == row["step"]]
        assert len(at_step) == 4
        assert sum(s["reward"] for s in at_step) / 4 == pytest.approx(row["reward"], abs=1e-6)
    for sample in logged:
        assert sample["kind"] == "rollout" and sample["prompt"] and isinstance(sample["completion"], str)
        assert {"rewards/pns_format", "rewards/pns_accuracy", "rewards/pns_cot", "gold", "problem_id"} <= set(sample)
        parts = sample["rewards/pns_format"] + sample["rewards/pns_accuracy"] + sample["rewards/pns_cot"]
        assert sample["reward"] == pytest.approx(parts)  # the stub's composite is the sum


def test_dpo_logs_margins_and_accuracies_and_resumes(tmp_path: Path, job_env: dict[str, str]) -> None:
    run = tmp_path / "run"
    run_job("dpo", run, job_env, "--max_steps", "2")
    first = metrics(run)
    assert any("rewards/margins" in r and "rewards/accuracies" in r for r in first)
    # samples.jsonl: both pairs of each 2-pair step (under the budget), lowest margin first; their
    # mean margin is TRL's `rewards/margins`, which checks that the per-pair values are the right ones.
    pairs = samples(run)
    assert [p["step"] for p in pairs] == [1, 1, 2, 2]
    for row in (r for r in first if "rewards/margins" in r):
        at_step = [p for p in pairs if p["step"] == row["step"]]
        assert at_step[0]["margin"] <= at_step[1]["margin"]
        assert sum(p["margin"] for p in at_step) / 2 == pytest.approx(row["rewards/margins"], abs=1e-6)
        for p in at_step:
            assert p["kind"] == "pair" and p["prompt"] and p["chosen"] and p["rejected"]
            assert p["margin"] == pytest.approx(p["rewards/chosen"] - p["rewards/rejected"])
            assert p["problem_id"] and "gold" in p  # looked up by prompt in the dataset's columns
    run_job("dpo", run, job_env, "--max_steps", "4", "--resume", "true")
    assert status(run)["resumed_from"].endswith("checkpoint-2")
    steps = [r["step"] for r in metrics(run) if "loss" in r]
    assert steps[-2:] == [3, 4]  # continued from step 2, not from scratch
    assert [p["step"] for p in samples(run)] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_reward_model_trains_with_centred_loss(tmp_path: Path, job_env: dict[str, str]) -> None:
    run_job("reward-model", tmp_path / "run", job_env)
    config = (tmp_path / "run" / "config.yaml").read_text()
    assert "center_rewards_coefficient: 0.01" in config
    rows = metrics(tmp_path / "run")
    assert sum("loss" in r for r in rows) >= 4
    assert (tmp_path / "run" / "outputs" / "model" / "config.json").is_file()


def test_synthesis_writes_a_pns_file_of_scored_negatives(tmp_path: Path, job_env: dict[str, str]) -> None:
    problems = 16  # `limit` in the config
    with RewardStub() as stub:
        run_job("synthesize", tmp_path / "run", {**job_env, **stub.env()})
        assert len(stub.requests) == 1 and len(stub.requests[0]["items"]) == problems * 4  # K=4, one batch
    result = status(tmp_path / "run")
    assert result["state"] == "succeeded"
    text = Path(result["outputs"]["pns"]).read_text()
    assert text.startswith("@pns 1\n") and text.endswith("\n") and not text.endswith("\n\n")
    assert text.count("@problem ") == problems
    assert "@problem mini-1 source=pns-mini split=train steps=2\n" in text
    assert "Floors: wrong (graded), well-formed, scored, composite >= 0.5" in text
    negatives = [line for line in text.splitlines() if line.startswith("@negative ")]
    assert 0 < len(negatives) <= 2 * problems and result["outputs"]["negatives"] == len(negatives)
    dropped = result["outputs"]["dropped"]
    assert sum(dropped.values()) + len(negatives) == problems * 4  # every response kept or dropped for a reason
    assert dropped.get("correct", 0) > 0  # the base model gets some right: never kept as negatives
    for line in negatives:
        for key in ("model=", "checkpoint=", "temperature=1", "seed=0", "scores="):
            assert key in line
    # The real parser is the judge of validity: the lossless export refuses files with errors.
    done = subprocess.run(
        [*shlex.split(job_env["PNS_CLI"]), "export", result["outputs"]["pns"], "--format", "jsonl"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    exported = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(exported) == problems
    assert sum(len(p["samples"]) for p in exported) == len(negatives)
    # ...and the grader agrees that every kept negative is wrong.
    lint = subprocess.run([*shlex.split(job_env["PNS_CLI"]), "lint", "--local", result["outputs"]["pns"], "--format", "json"], capture_output=True, text=True, check=False)
    assert "negative-correct" not in lint.stdout


def test_eval_writes_tables(tmp_path: Path, job_env: dict[str, str]) -> None:
    run_job("eval", tmp_path / "run", job_env)
    table = json.loads((tmp_path / "run" / "outputs" / "eval.json").read_text())
    assert [row["benchmark"] for row in table["benchmarks"]] == ["gsm8k-tiny", "math-tiny"]
    assert table["average"]["problems"] == 5 and table["average"]["samples"] == 20
    assert 0.0 <= table["average"]["pass@1"] <= table["average"]["pass@4"] <= 1.0
    markdown = (tmp_path / "run" / "outputs" / "eval.md").read_text()
    assert "| benchmark | problems | samples | pass@1 | pass@4 | ungradable |" in markdown
    assert "| average |" in markdown


def test_a_reward_server_dying_mid_run_fails_the_run_with_the_cause(tmp_path: Path, job_env: dict[str, str]) -> None:
    config = REPO / "examples" / "tiny" / "reverse-rl.yaml"
    run = tmp_path / "run"
    with RewardStub(fail_after=2) as stub:  # two good batches, then HTTP 503 for ever
        env = {**os.environ, **job_env, **stub.env(), "PNS_REWARD_RETRIES": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "pns_jobs.reverse_rl", "--config", str(config), "--run_dir", str(run)],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
        )
    assert done.returncode == 1, done.stderr[-3000:]
    result = status(run)
    assert result["state"] == "failed"
    assert "failed after 2 attempts" in result["reason"] and "is `pns serve-reward` still running?" in result["reason"]
    assert [r["step"] for r in metrics(run) if "reward" in r] == [1, 2]  # what it logged before stays readable
    assert sorted({s["step"] for s in samples(run)}) == [1, 2]  # and so do the samples behind them
    assert not (run / "outputs" / "model").exists()  # no partial output presented as complete
