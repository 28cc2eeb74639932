"""Reverse RL's rollouts in samples.jsonl: what the reward bridge scored, per trainer step.

The reward functions see TRL's `trainer_state` before the optimizer step the rollouts train, so
the step written is `global_step + 1`: the step whose `metrics.jsonl` line reports their `reward`.
Of each batch the lowest- and highest-reward rollouts are kept (the middle says little), within
the per-step budget of `SampleLog`.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from .reward_bridge import as_float, text_of
from .samples import SampleLog, select_ends


def _column(values: Sequence[Any] | None, index: int) -> Any:
    return values[index] if values is not None and index < len(values) else None


class RolloutLog:
    """Writes a scored batch's most telling rollouts. `is_training` (set once the trainer exists)
    keeps evaluation batches out: they would land on a training step's point."""

    def __init__(self, log: SampleLog, is_training: Callable[[], bool] | None = None) -> None:
        self.log = log
        self.is_training = is_training

    def record(
        self,
        trainer_state: Any,
        prompts: Sequence[Any],
        completions: Sequence[Any],
        results: Sequence[dict[str, Any] | None],
        answers: Sequence[Any] | None = None,
        ids: Sequence[Any] | None = None,
    ) -> int:
        """Appends this batch's share to samples.jsonl; returns how many rollouts were written."""
        if trainer_state is None or not self.log.enabled:
            return 0
        if self.is_training is not None and not self.is_training():
            return 0
        step = int(trainer_state.global_step) + 1
        rewards = [as_float(r.get("reward")) if r else None for r in results]
        keep = select_ends(rewards, self.log.budget(step))
        records = [self._row(step, i, prompts, completions, results, rewards, answers, ids) for i in keep]
        return self.log.write(step, records)

    @staticmethod
    def _row(
        step: int,
        i: int,
        prompts: Sequence[Any],
        completions: Sequence[Any],
        results: Sequence[dict[str, Any] | None],
        rewards: Sequence[float | None],
        answers: Sequence[Any] | None,
        ids: Sequence[Any] | None,
    ) -> dict[str, Any]:
        row: dict[str, Any] = {
            "step": step,
            "kind": "rollout",
            "prompt": text_of(prompts[i]),
            "completion": text_of(completions[i]),
            "reward": rewards[i],  # null: the server could not score it
        }
        result = results[i] or {}
        for name, value in sorted((result.get("components") or {}).items()):
            # The same names as the metrics (`rewards/pns_<component>/mean`), one value per rollout.
            row[f"rewards/pns_{name}"] = as_float(value)
        gold, problem = _column(answers, i), _column(ids, i)
        if gold is not None:
            row["gold"] = str(gold)
        if problem is not None:
            row["problem_id"] = str(problem)
        return row
