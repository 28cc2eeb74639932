"""samples.jsonl: the samples behind a curve's points, one JSON object per line (docs/webviews.md).

Reverse RL appends the rollouts the reward bridge scored (`kind: "rollout"`: prompt, completion,
composite `reward`, `rewards/pns_<component>`, `gold`, `problem_id`); DPO appends the
lowest-margin pairs since the previous log (`kind: "pair"`: prompt, chosen, rejected, `margin`).
`step` is the trainer's global step whose `metrics.jsonl` line reports those samples, so the curves
panel can open the samples behind a point.

Bounded: at most `log_samples_per_step` samples per step (0 turns logging off). Written by the main
process only, each batch as ONE write of whole lines, flushed, so a reader tailing the file never
sees half a line.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, cast

from .run_dir import is_main_process

DEFAULT_PER_STEP = 16

SAMPLES_HELP = (
    "samples written to samples.jsonl per logged step, for the curves panel (reverse-rl: the "
    "lowest- and highest-reward rollouts; dpo: the lowest-margin pairs); 0 turns it off"
)


def check_per_step(value: Any) -> None:
    """Called from the argument dataclasses, so a bad value fails at parse time (exit code 2)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"log_samples_per_step must be an integer >= 0, got {value!r}")


def _json_value(value: Any) -> Any:
    """NaN and infinities are not JSON: null keeps every line parseable (as in metrics.jsonl)."""
    if hasattr(value, "item"):  # a 0-d tensor or numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def append_lines(path: Path, records: Iterable[Mapping[str, Any]]) -> int:
    """All records as one write of complete lines, flushed. Returns how many were written."""
    lines = [json.dumps({k: _json_value(v) for k, v in r.items()}, ensure_ascii=False) + "\n" for r in records]
    if lines:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("".join(lines))
            handle.flush()
    return len(lines)


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def select_ends(scores: Sequence[float | None], limit: int) -> list[int]:
    """Indices of the `limit` most telling samples: the lowest and the highest scores (half each,
    the extra one to the low end), in their original order. Unscored ones (None/NaN) only fill what
    the scored ones leave free: they say nothing about what the reward prefers."""
    if limit <= 0:
        return []
    finite = [_finite(s) for s in scores]
    scored = sorted((i for i, s in enumerate(finite) if s is not None), key=lambda i: cast(float, finite[i]))
    unscored = [i for i, s in enumerate(finite) if s is None]
    if len(scored) <= limit:
        chosen = scored + unscored[: limit - len(scored)]
    else:
        low = (limit + 1) // 2
        chosen = scored[:low] + scored[len(scored) - (limit - low) :]
    return sorted(chosen)


def select_lowest(scores: Sequence[float], limit: int) -> list[int]:
    """Indices of the `limit` lowest scores, lowest first (NaN counts as lowest: it is a problem)."""
    key = [s if math.isfinite(s) else -math.inf for s in scores]
    return sorted(range(len(scores)), key=lambda i: key[i])[: max(0, limit)]


class SampleLog:
    """The run's samples.jsonl with a per-step budget. Inert (writes nothing) when `per_step` is 0
    or on a rank other than the main process."""

    def __init__(self, path: Path, per_step: int = DEFAULT_PER_STEP) -> None:
        check_per_step(per_step)
        self.path = path
        self.per_step = per_step
        self.enabled = per_step > 0 and is_main_process()
        self._step: int | None = None
        self._written = 0

    def budget(self, step: int) -> int:
        """How many more samples step `step` may take (the budget resets when the step changes:
        several batches of one step, e.g. gradient accumulation, share it)."""
        if not self.enabled:
            return 0
        return self.per_step - self._written if step == self._step else self.per_step

    def write(self, step: int, records: Sequence[Mapping[str, Any]]) -> int:
        """Appends up to the step's remaining budget of `records` (already ranked by the caller)."""
        take = list(records[: self.budget(step)])
        if step != self._step:
            self._step, self._written = step, 0
        written = append_lines(self.path, take)
        self._written += written
        return written
