from __future__ import annotations

import json
import math
from pathlib import Path
from types import SimpleNamespace

from pns_jobs.metrics import MetricsCallback, read_metrics
from pns_jobs.tiny_model import ensure_tiny_model, is_built


def test_metrics_are_one_json_object_per_log_event(tmp_path: Path) -> None:
    path = tmp_path / "metrics.jsonl"
    callback = MetricsCallback(path)
    state = SimpleNamespace(is_world_process_zero=True, global_step=3, max_steps=8, epoch=0.5)
    callback.on_log(None, state, None, logs={"loss": 0.5, "reward": float("nan"), "rewards/pns_reward/mean": 1.0})
    other_rank = SimpleNamespace(is_world_process_zero=False, global_step=3, max_steps=8, epoch=0.5)
    callback.on_log(None, other_rank, None, logs={"loss": 9.0})
    (row,) = [json.loads(line) for line in path.read_text().splitlines()]
    assert row["step"] == 3 and row["epoch"] == 0.5 and row["loss"] == 0.5
    assert row["reward"] is None  # NaN is not JSON
    assert row["rewards/pns_reward/mean"] == 1.0 and math.isfinite(row["time"])


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "metrics.jsonl"
    path.write_text('{"step": 1}\n{"step": 2, "lo')
    assert read_metrics(path) == [{"step": 1}]


def test_tiny_model_round_trips_text_and_is_cached(tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = ensure_tiny_model(tmp_path / "tiny")
    assert is_built(folder)
    stamp = (folder / "config.json").stat().st_mtime_ns
    assert ensure_tiny_model(tmp_path / "tiny") == folder
    assert (folder / "config.json").stat().st_mtime_ns == stamp  # cached, not rebuilt
    tokenizer = AutoTokenizer.from_pretrained(folder)
    text = "Add $17 + 25$:\n\\boxed{42}"
    ids = tokenizer(text)["input_ids"]
    assert len(ids) == len(text)  # one token per character, spaces and newlines included
    assert tokenizer.decode(ids) == text
    assert tokenizer.padding_side == "left" and tokenizer.pad_token == "<pad>"
    model = AutoModelForCausalLM.from_pretrained(folder)
    assert model.config.vocab_size == len(tokenizer)
    assert sum(p.numel() for p in model.parameters()) < 20_000


def test_a_resume_drops_the_steps_logged_after_the_checkpoint(tmp_path: Path) -> None:
    from pns_jobs.metrics import drop_steps_after, read_metrics

    path = tmp_path / "metrics.jsonl"
    path.write_text('{"step": 1, "loss": 1}\n{"step": 2, "loss": 1}\n{"step": 3, "loss": 1}\n{"step": 3, "lo')  # killed mid-line
    assert drop_steps_after(path, 2) == 2
    assert [r["step"] for r in read_metrics(path)] == [1, 2]
    assert path.read_text().endswith("\n")
    assert drop_steps_after(path, 2) == 0 and drop_steps_after(tmp_path / "none.jsonl", 0) == 0
