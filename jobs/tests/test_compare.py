"""The paper's table from eval run directories: pass@1 per benchmark with its 95 % interval, the
average over benchmarks, Markdown and JSON, and clear errors for what cannot make a table."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pns_jobs.compare import main


def eval_run(root: Path, name: str, verdicts: dict[str, dict[str, list[bool]]]) -> Path:
    run = root / name
    (run / "outputs").mkdir(parents=True)
    (run / "config.yaml").write_text(f"model_name_or_path: models/{name}\n")
    lines = [
        json.dumps({"benchmark": bench, "id": pid, "gold": "1", "response": "...", "verdict": {"equal": ok, "gradable": True}})
        for bench, problems in verdicts.items()
        for pid, oks in problems.items()
        for ok in oks
    ]
    (run / "outputs" / "samples.jsonl").write_text("\n".join(lines) + "\n")
    return run


def test_the_table_has_each_arm_with_intervals_and_the_average(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    # Two samples per problem: per-problem rates 1, 0.5, 0 → mean 0.5, sd 0.5, se 0.5/sqrt(3).
    eval_run(tmp_path, "base", {"gsm8k": {"a": [True, True], "b": [True, False], "c": [False, False]}, "aime24": {"x": [False, False], "y": [True, True]}})
    eval_run(tmp_path, "rs", {"gsm8k": {"a": [True, True], "b": [True, True], "c": [False, False]}, "aime24": {"x": [True, False], "y": [True, True]}})
    eval_run(tmp_path, "pns", {"gsm8k": {"a": [True, True], "b": [True, True], "c": [True, False]}})  # aime24 missing
    spec = tmp_path / "compare.yaml"
    spec.write_text(
        "rows:\n"
        "  - {backbone: Qwen2.5-7B-Instruct, arm: baseline, eval: base}\n"
        "  - {backbone: Qwen2.5-7B-Instruct, arm: rs-dpo, eval: rs}\n"
        "  - {backbone: Qwen2.5-7B-Instruct, arm: pns-dpo, eval: pns}\n"
    )
    assert main(["--spec", str(spec), "--out", str(tmp_path / "table")]) == 0
    table = json.loads((tmp_path / "table" / "table.json").read_text())
    assert table["benchmarks"] == ["gsm8k", "aime24"]
    base = table["rows"][0]
    gsm = base["benchmarks"]["gsm8k"]
    se = 0.5 / math.sqrt(3)
    assert gsm["pass@1"] == pytest.approx(0.5) and gsm["se"] == pytest.approx(se)
    assert gsm["ci95"] == pytest.approx([max(0, 0.5 - 1.959964 * se), min(1, 0.5 + 1.959964 * se)])
    assert gsm["problems"] == 3 and gsm["samples"] == 6
    aime_se = base["benchmarks"]["aime24"]["se"]
    assert base["average"]["pass@1"] == pytest.approx((0.5 + 0.5) / 2)
    assert base["average"]["se"] == pytest.approx(math.sqrt(se**2 + aime_se**2) / 2)
    assert base["model"] == "models/base"
    assert table["rows"][2]["average"] is None  # a missing benchmark: no average to compare
    text = (tmp_path / "table" / "table.md").read_text()
    lines = text.splitlines()
    assert lines[0] == "| backbone | arm | gsm8k | aime24 | average |"
    assert lines[2].startswith("| Qwen2.5-7B-Instruct | baseline | 50.0 [")
    assert lines[3].split(" | ")[1] == "+ RS-DPO" and lines[4].split(" | ")[1] == "+ PNS-DPO"
    assert lines[4].endswith("| — | — |")
    assert "Code " in text and "machine " in text
    assert capsys.readouterr().out == text


def test_bad_specs_and_runs_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "compare.yaml"
    spec.write_text("rows:\n  - {backbone: B, arm: sft, eval: x}\n")
    assert main(["--spec", str(spec), "--out", str(tmp_path / "t")]) == 2
    assert "arm 'sft' is not one of baseline, rs-dpo, pns-dpo" in capsys.readouterr().err
    spec.write_text("rows:\n  - {backbone: B, arm: baseline, eval: nowhere}\n")
    assert main(["--spec", str(spec), "--out", str(tmp_path / "t")]) == 2
    assert "no outputs/samples.jsonl" in capsys.readouterr().err
    assert not (tmp_path / "t").exists()
