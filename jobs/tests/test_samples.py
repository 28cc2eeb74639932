"""samples.jsonl pieces without training: selection, the per-step budget, whole-line writes, the
rollout rows the reward bridge writes, and the gather tap behind DPO's pairs."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from pns_jobs.reward_bridge import RewardClient, make_reward_functions
from pns_jobs.rollout_samples import RolloutLog
from pns_jobs.samples import SampleLog, append_lines, check_per_step, select_ends, select_lowest
from reward_stub import RewardStub


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_select_ends_keeps_the_lowest_and_highest_in_original_order() -> None:
    scores = [0.5, -2.0, 3.0, 0.1, None, 1.0, float("nan")]
    assert select_ends(scores, 3) == [1, 2, 3]  # two lowest (-2.0, 0.1), one highest (3.0)
    assert select_ends(scores, 2) == [1, 2]
    assert select_ends(scores, 0) == []
    # Unscored ones only fill what the scored ones leave free.
    assert select_ends(scores, 6) == [0, 1, 2, 3, 4, 5]
    assert select_ends([None, None], 5) == [0, 1]


def test_select_lowest_puts_nan_first_and_respects_the_limit() -> None:
    assert select_lowest([0.3, float("nan"), -1.0, 2.0], 3) == [1, 2, 0]
    assert select_lowest([1.0], 0) == []


def test_per_step_must_be_a_non_negative_integer() -> None:
    for bad in (-1, 1.5, True, "4"):
        with pytest.raises(ValueError, match="log_samples_per_step"):
            check_per_step(bad)
    from pns_jobs.dpo import DPOArguments
    from pns_jobs.reverse_rl import ReverseRLArguments

    with pytest.raises(ValueError):
        DPOArguments(log_samples_per_step=-1)
    assert ReverseRLArguments().log_samples_per_step == 16


def test_append_lines_writes_whole_json_lines_with_nan_as_null(tmp_path: Path) -> None:
    path = tmp_path / "samples.jsonl"
    assert append_lines(path, [{"step": 1, "prompt": "p\nq", "reward": float("nan")}, {"step": 1, "prompt": "é"}]) == 2
    assert append_lines(path, []) == 0
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and text.count("\n") == 2
    assert lines(path) == [{"step": 1, "prompt": "p\nq", "reward": None}, {"step": 1, "prompt": "é"}]


def test_budget_is_shared_by_the_batches_of_one_step(tmp_path: Path, clean_env: None) -> None:
    log = SampleLog(tmp_path / "samples.jsonl", per_step=3)
    assert log.write(1, [{"step": 1, "prompt": str(i)} for i in range(2)]) == 2
    assert log.budget(1) == 1
    assert log.write(1, [{"step": 1, "prompt": str(i)} for i in range(5)]) == 1
    assert log.budget(1) == 0 and log.budget(2) == 3
    assert log.write(2, [{"step": 2, "prompt": "x"}]) == 1
    assert [r["step"] for r in lines(log.path)] == [1, 1, 1, 2]


def test_nothing_is_written_when_disabled_or_off_the_main_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    off = SampleLog(tmp_path / "off.jsonl", per_step=0)
    assert off.write(1, [{"step": 1, "prompt": "p"}]) == 0
    monkeypatch.setenv("RANK", "1")
    other_rank = SampleLog(tmp_path / "rank1.jsonl", per_step=4)
    assert other_rank.write(1, [{"step": 1, "prompt": "p"}]) == 0
    assert not (tmp_path / "off.jsonl").exists() and not (tmp_path / "rank1.jsonl").exists()


def call_all(functions: list[Any], **kwargs: Any) -> list[list[float | None]]:
    async def gather() -> list[list[float | None]]:
        return list(await asyncio.gather(*(f(**kwargs) for f in functions)))

    return asyncio.run(gather())


def test_the_reward_bridge_logs_each_scored_batch_once_at_the_next_step(tmp_path: Path, clean_env: None) -> None:
    rollouts = RolloutLog(SampleLog(tmp_path / "samples.jsonl", per_step=3))
    completions = ["a \\boxed{4}", "b", "", "a longer wrong answer \\boxed{5}"]  # "" is unscorable
    with RewardStub(token="tok") as stub:
        functions = make_reward_functions(["format", "accuracy"], RewardClient(stub.url, "tok"), rollouts)
        call_all(
            functions,
            prompts=[[{"role": "user", "content": "What is 2+2?"}]] * 4,
            completions=[[{"role": "assistant", "content": c}] for c in completions],
            answer=["4"] * 4,
            id=["p-1"] * 4,
            trainer_state=SimpleNamespace(global_step=6),
        )
        assert len(stub.requests) == 1
    rows = lines(tmp_path / "samples.jsonl")
    # Budget 3 of 3 scored rollouts: all scored ones, the unscored one left out; original order.
    assert [r["completion"] for r in rows] == [completions[0], completions[1], completions[3]]
    first = rows[0]
    assert first["step"] == 7 and first["kind"] == "rollout" and first["prompt"] == "What is 2+2?"
    assert first["gold"] == "4" and first["problem_id"] == "p-1"
    assert first["rewards/pns_accuracy"] == 0.0 and first["rewards/pns_format"] == 1.0 and "rewards/pns_cot" in first
    assert first["reward"] == pytest.approx(1.0 + 0.0 + len(completions[0]) / 64)


def test_rollouts_are_not_logged_outside_training_or_without_a_trainer_state(tmp_path: Path, clean_env: None) -> None:
    result = {"reward": 1.0, "components": {}}
    rollouts = RolloutLog(SampleLog(tmp_path / "samples.jsonl"), is_training=lambda: False)
    assert rollouts.record(SimpleNamespace(global_step=0), ["p"], ["c"], [result]) == 0
    rollouts.is_training = lambda: True
    assert rollouts.record(None, ["p"], ["c"], [result]) == 0
    assert rollouts.record(SimpleNamespace(global_step=0), ["p"], ["c"], [result]) == 1
    assert lines(tmp_path / "samples.jsonl") == [{"step": 1, "kind": "rollout", "prompt": "p", "completion": "c", "reward": 1.0}]


def test_gather_tap_finds_the_local_tensor_behind_a_gathered_mean() -> None:
    import torch

    from pns_jobs.pair_samples import _GatherTap

    class TwoRanks:
        """gather() as with two processes: the other rank contributes zeros."""

        def gather(self, tensor: Any) -> Any:
            return torch.cat([tensor, torch.zeros_like(tensor)])

    accelerator = TwoRanks()
    chosen, rejected = torch.tensor([0.5, -0.25]), torch.tensor([0.125, 0.75])
    with _GatherTap(accelerator) as tap:
        means = [accelerator.gather(t).mean().item() for t in (torch.tensor([7.0]), chosen, rejected)]
    assert "gather" not in vars(accelerator)  # the method is back once the tap closes
    assert tap.find(means[1], 2) == 1 and tap.find(means[2], 2) == 2
    assert tap.find(means[0], 2) == -1  # wrong size
    assert tap.local(1).tolist() == [0.5, -0.25]
    assert tap.find(123.0, 2) == -1


def test_gather_tap_puts_back_an_instance_attribute_it_shadowed() -> None:
    from pns_jobs.pair_samples import _GatherTap

    accelerator = SimpleNamespace()
    patched = lambda tensor: tensor  # noqa: E731 - someone else's instance-level gather
    accelerator.gather = patched
    with _GatherTap(accelerator):
        assert accelerator.gather is not patched
    assert accelerator.gather is patched
