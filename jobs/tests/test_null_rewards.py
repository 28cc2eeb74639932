"""Null means skipped: a completion the real `pns serve-reward` cannot score (its reward-model
endpoint failed) reaches TRL as None from EVERY reward function, so GRPO leaves it out of the mean
instead of paying it 0, the reward of a correct answer."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from pns_jobs.reward_bridge import RewardClient, make_reward_functions
from reward_server import serve_reward
from stand_ins import JsonServer

REPO = Path(__file__).resolve().parents[2]
COMPONENTS = ["format", "accuracy", "rm", "cot"]


def odd(text: str) -> bool:
    return sum(map(ord, text)) % 2 == 1


def fail_on_odd(path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """/classify that fails for inputs whose character sum is odd (about half of them)."""
    inputs = body.get("input") or []
    if any(odd(text) for text in inputs):
        return 500, {"error": {"message": "stand-in failure"}}
    return 200, {"data": [{"index": i, "logits": [0.5]} for i in range(len(inputs))]}


@pytest.fixture
def reward_server(tmp_path: Path, pns_cli: str) -> Iterator[tuple[str, str]]:
    """The real reward server, with a reward model behind a /classify stand-in that fails on odd inputs."""
    with JsonServer(fail_on_odd) as rm:
        config = {
            "retries": 0,
            "rewardModel": {"baseUrl": rm.url, "model": "stand-in", "kind": "classify", "inputFormat": "text", "textTemplate": "{problem}{response}", "batchSize": 1},
        }
        with serve_reward(pns_cli, tmp_path, config) as address:
            yield address


def wrong_solution(k: int) -> str:
    return f"7 + {k} = {7 + k}\n{7 + k} - 3 = {4 + k}\nThe answer is \\boxed{{{4 + k}}}."


def test_every_function_returns_none_for_an_unscorable_completion(reward_server: tuple[str, str]) -> None:
    url, token = reward_server
    functions = make_reward_functions(COMPONENTS, RewardClient(url, token, retries=0))
    prompts = ["Ann had 7 pens, got k, then lost 3. How many pens now?\n"] * 8
    completions = [wrong_solution(k) for k in range(2, 10)]
    metrics: dict[str, float] = {}

    async def call_all() -> list[list[float | None]]:
        return await asyncio.gather(*(f(prompts=prompts, completions=completions, answer=["1"] * 8, log_metric=metrics.__setitem__) for f in functions))

    outputs = asyncio.run(call_all())
    failing = [odd(p + c) for p, c in zip(prompts, completions)]
    assert any(failing) and not all(failing)
    for row, fails in enumerate(failing):
        column = [values[row] for values in outputs]
        if fails:
            assert column == [None] * len(functions)  # TRL skips the row
        else:
            assert all(isinstance(v, float) for v in column), column
    assert metrics["pns/unscored_frac"] == pytest.approx(sum(failing) / len(failing))
    assert metrics["pns/wrong_frac"] == pytest.approx(1 - sum(failing) / len(failing))


def test_grpo_leaves_unscorable_rollouts_out_of_its_reward(tmp_path: Path, reward_server: tuple[str, str], pns_cli: str) -> None:
    url, token = reward_server
    run = tmp_path / "run"
    config = tmp_path / "rl.yaml"
    config.write_text(
        (REPO / "examples" / "mini" / "reverse-rl.yaml").read_text()
        + "\nreward_components: [format, accuracy, rm, cot]\nmax_steps: 2\nper_device_train_batch_size: 8\nnum_generations: 4\n"
        "log_samples_per_step: 16\nsave_strategy: 'no'\n"
    )
    env = {**os.environ, "PNS_CLI": pns_cli, "PNS_REWARD_URL": url, "PNS_REWARD_TOKEN": token, "PNS_REWARD_RETRIES": "0", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pns_jobs.reverse_rl", "--config", str(config), "--run_dir", str(run)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rollouts = [json.loads(line) for line in (run / "samples.jsonl").read_text().splitlines()]
    metrics = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines() if '"reward"' in line]
    assert len(metrics) == 2 and len(rollouts) == 16  # every rollout of both steps
    nulls = [r for r in rollouts if r["reward"] is None]
    assert nulls, "no rollout was unscorable: the stand-in never failed"
    for row in metrics:
        at_step = [r["reward"] for r in rollouts if r["step"] == row["step"]]
        scored = [r for r in at_step if r is not None]
        assert row["reward"] == pytest.approx(sum(scored) / len(scored), abs=1e-5)
        if len(scored) < len(at_step):  # with nulls summed as 0 the mean would be lower
            assert row["reward"] != pytest.approx(sum(scored) / len(at_step), abs=1e-5)
        assert row["pns/unscored_frac"] == pytest.approx(1 - len(scored) / len(at_step))
