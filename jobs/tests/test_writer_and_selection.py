"""Pure helpers of synthesis and evaluation: the .pns writer, negative selection, benchmark
shapes and pass@k."""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

import pytest

from pns_jobs.benchmarks import BenchmarkError, last_boxed, read_benchmark
from pns_jobs.evaluate import markdown_table, pass_at_k
from pns_jobs.pns_writer import PnsProblem, PnsSample, serialize
from pns_jobs.sampling import ScoredResponse
from pns_jobs.synthesize import select_negatives

PROBLEMS = [
    PnsProblem(
        "p-1",
        "What is $2+2$?",
        "4",
        {"source": "unit"},
        [PnsSample("negative", "@misc{x}\n@@y\n\n$2+2=5$\n\\boxed{5}", {"model": "m", "note": "two words", "empty": ""})],
    ),
    PnsProblem("p-2", "Give the pair.", "  (1,\n2)", {}, [PnsSample("negative", "ends in a blank line\n", {})]),
]


def test_canonical_text_follows_the_format() -> None:
    text = serialize(PROBLEMS, ["header"])
    assert text == (
        "@pns 1\n@# header\n\n"
        "@problem p-1 source=unit\nWhat is $2+2$?\n\n"
        "@answer 4\n"
        '@negative model=m note="two words" empty=""\n@@misc{x}\n@@@y\n\n$2+2=5$\n\\boxed{5}\n\n'
        "@problem p-2\nGive the pair.\n\n"
        "@answer\n  (1,\n2)\n\n"
        "@negative\nends in a blank line\n\n"
    )


def test_invalid_ids_and_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="invalid problem id"):
        serialize([PnsProblem("-bad", "s", "1")])
    with pytest.raises(ValueError, match="invalid metadata key"):
        serialize([PnsProblem("ok", "s", "1", {"bad key": "v"})])


def test_the_real_parser_reads_back_what_we_write(tmp_path: Path, pns_cli: str) -> None:
    source = tmp_path / "written.pns"
    source.write_text(serialize(PROBLEMS, ["header"]))
    done = subprocess.run([*shlex.split(pns_cli), "export", str(source), "--format", "jsonl"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["p-1", "p-2"]
    assert rows[1]["answer"] == "  (1,\n2)"
    first, second = rows[0]["samples"][0], rows[1]["samples"][0]
    text = lambda sample: sample.get("text", sample.get("response"))  # noqa: E731
    assert text(first) == "@misc{x}\n@@y\n\n$2+2=5$\n\\boxed{5}"  # the escape rule, undone
    assert text(second) == "ends in a blank line\n"


def response(index: int, text: str, grade: str, reward: float | None, used: list[str] | None = None) -> ScoredResponse:
    verdict = {"equal": grade == "correct", "gradable": grade != "ungradable"}
    accuracy = {"correct": 0.0, "wrong": 1.0}.get(grade)
    score = None if reward is None and grade != "wrong" else {"reward": reward, "components": {"accuracy": accuracy}, "used": used or ["format", "cot"]}
    return ScoredResponse(text, index, verdict, score)


def test_floors_keep_only_wrong_wellformed_gradable_scored_answers_above_the_floor() -> None:
    responses = [
        response(0, "right", "correct", 0.0),
        response(1, "wrong-low", "wrong", 0.3),
        response(2, "wrong-high", "wrong", 0.8),
        response(3, "", "wrong", 0.9),
        response(4, "unscored", "wrong", None),
        response(5, "no answer", "ungradable", None),
        response(6, "broken", "wrong", -1.0, used=["format"]),
        response(7, "wrong-mid", "wrong", 0.6),
    ]
    counts: dict[str, int] = {}
    kept = select_negatives(responses, keep=2, floor=0.5, counts=counts)
    assert [r.text for r in kept] == ["wrong-high", "wrong-mid"]
    assert counts == {"correct": 1, "below_floor": 1, "empty": 1, "unscored": 1, "ungradable": 1, "malformed": 1, "beyond_keep": 0}
    # Without a floor that excludes it, the low one is kept too, but never an unsure or broken one.
    kept = select_negatives(responses, keep=5, floor=0.0, counts={})
    assert [r.text for r in kept] == ["wrong-high", "wrong-mid", "wrong-low"]


def test_benchmark_shapes(tmp_path: Path) -> None:
    bench = tmp_path / "mixed.jsonl"
    rows = [
        {"question": "q1", "answer": "work\n#### 1,234"},
        {"problem": "p2", "solution": "so \\boxed{\\frac{1}{2}} done", "unique_id": "math/2"},
        {"question": "q3", "final_answer": ["3", "4"], "id": 7},
        {"problem": "p4", "answer": 25},
    ]
    bench.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    items = read_benchmark(bench)
    assert [(i.id, i.problem, i.gold) for i in items] == [
        ("mixed-1", "q1", "1,234"),
        ("math/2", "p2", "\\frac{1}{2}"),
        ("7", "q3", "3, 4"),
        ("mixed-4", "p4", "25"),
    ]
    assert len(read_benchmark(bench, limit=2)) == 2
    assert last_boxed("a \\boxed{x} b \\boxed{{y}}") == "{y}"
    bench.write_text('{"question": "no answer"}\n')
    with pytest.raises(BenchmarkError, match=r"mixed\.jsonl:1:1: no gold answer"):
        read_benchmark(bench)


def test_pass_at_k_is_the_unbiased_estimator() -> None:
    assert pass_at_k(4, 0, 1) == 0.0
    assert pass_at_k(4, 1, 1) == pytest.approx(0.25)
    assert pass_at_k(4, 1, 4) == 1.0
    assert pass_at_k(5, 2, 2) == pytest.approx(1 - 3 / 10)
    table = markdown_table([{"benchmark": "b", "problems": 2, "samples": 8, "pass@1": 0.5, "pass@4": 0.75, "ungradable": 1}], 4)
    assert table.splitlines()[2] == "| b | 2 | 8 | 50.00 | 75.00 | 1 |"
