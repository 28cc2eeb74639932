"""metrics.jsonl: one JSON object per trainer log event, appended on the main process only.

transformers has no JSONL reporter and its console lines are Python-dict text with floats as
strings, so the editor's curves and `pns run` read this file instead. Keys are TRL's own metric
names (`reward`, `rewards/<fn>/mean`, `rewards/margins`, `loss`, ...) plus `step`, `time` (Unix
seconds), `elapsed` (seconds since training began) and `epoch`.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any, Mapping

from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments


def json_safe(value: Any) -> Any:
    """NaN and infinities are not JSON: they become null so every line stays parseable."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # a 0-d tensor or numpy scalar slipped through
        return json_safe(value.item())
    return value


def append_jsonl(path: Path, record: Mapping[str, Any]) -> None:
    """One line per write, flushed, so a reader tailing the file sees whole lines only."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, sort_keys=False) + "\n")
        handle.flush()


def progress_line(state: TrainerState, logs: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    """`[pns] step 3/8 loss=0.6931 reward=0.25`: one line a pseudoterminal can show as is."""
    parts = [f"[pns] step {state.global_step}/{state.max_steps}"]
    for key in keys:
        value = logs.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            parts.append(f"{key}={value:.4g}")
    return " ".join(parts)


class MetricsCallback(TrainerCallback):
    """Appends every `on_log` event to `metrics.jsonl` and prints a short progress line."""

    def __init__(self, path: Path, progress_keys: tuple[str, ...] = ("loss", "reward")) -> None:
        self.path = path
        self.progress_keys = progress_keys
        self.started = time.time()

    def on_train_begin(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: Any
    ) -> None:
        self.started = time.time()
        # Resumed from checkpoint-N (the trainer has loaded its state by now): the run that was
        # stopped may have logged steps after N, which will be trained and logged again.
        if state.is_world_process_zero and state.global_step > 0:
            drop_steps_after(self.path, state.global_step)

    def on_log(
        self,
        args: TrainingArguments,
        state: TrainerState,
        control: TrainerControl,
        logs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if not state.is_world_process_zero or not logs:
            return
        now = time.time()
        record: dict[str, Any] = {
            "step": state.global_step,
            "time": round(now, 3),
            "elapsed": round(now - self.started, 3),
            "epoch": json_safe(state.epoch),
        }
        for key, value in logs.items():
            record[key] = json_safe(value)
        append_jsonl(self.path, record)
        # tqdm leaves its bar without a newline: start on a fresh line so ours reads on its own.
        prefix = "" if getattr(args, "disable_tqdm", True) else "\n"
        print(prefix + progress_line(state, logs, self.progress_keys), file=sys.stderr, flush=True)


def drop_steps_after(path: Path, step: int) -> int:
    """Removes the rows logged after `step` (and a torn last line), atomically; returns how many
    rows went. Used on resume, so metrics.jsonl holds each step once."""
    if not path.is_file():
        return 0
    kept: list[str] = []
    dropped = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            dropped += 1
            continue
        if isinstance(row.get("step"), int) and row["step"] > step:
            dropped += 1
        else:
            kept.append(line)
    if dropped:
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_text("".join(line + "\n" for line in kept), encoding="utf-8")
        os.replace(temp, path)
    return dropped


def read_metrics(path: Path) -> list[dict[str, Any]]:
    """Every complete line of a metrics file (a torn last line from a killed job is skipped)."""
    rows: list[dict[str, Any]] = []
    if not path.is_file():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return rows
