"""The benchmark manifest and loader: each of the seven in its real row shape from a small local
file, the hub path (with `datasets` replaced by rows in memory: no network here), missing fields,
offline without a copy, and the TypeScript list of names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from pns_jobs import benchmarks
from pns_jobs.benchmarks import MANIFEST, BenchmarkError, load_benchmark, read_benchmark

# One row per benchmark, in the shape its hub dataset publishes, and the gold answer we expect.
SHAPES: dict[str, tuple[dict[str, Any], str, str]] = {
    "gsm8k": ({"question": "Natalia sold 48 clips and half as many in May. Total?", "answer": "48/2 = <<48/2=24>>24\n48+24 = 72\n#### 72"}, "72", "gsm8k-1"),
    "math500": (
        {"problem": "Simplify $\\frac{12}{18}$.", "solution": "$\\boxed{\\frac{2}{3}}$", "answer": "\\frac{2}{3}", "subject": "Algebra", "level": 1, "unique_id": "test/algebra/1.json"},
        "\\frac{2}{3}",
        "test/algebra/1.json",
    ),
    "minerva_math": ({"question": "Compute the escape velocity ratio.", "answer": "1.4"}, "1.4", "minerva_math-1"),
    "olympiadbench": (
        {
            "id": 1606,
            "subfield": "Algebra",
            "context": None,
            "question": "Find all real x with x^2 = 1.",
            "solution": ["Factor: (x-1)(x+1) = 0."],
            "final_answer": ["$1$", "$-1$"],
            "is_multiple_answer": True,
            "unit": None,
            "answer_type": "Numerical",
            "error": None,
        },
        "$1$, $-1$",
        "1606",
    ),
    "aime24": ({"id": 60, "problem": "Every morning Aya walks 9 km...", "solution": "... 204", "answer": "204", "url": "https://example.org", "year": 2024}, "204", "60"),
    "amc23": ({"id": 0, "question": "Cities A and B are 45 miles apart...", "answer": 27.0, "url": "https://example.org"}, "27.0", "0"),
    "college_math": ({"question": "Evaluate the integral of 2x from 0 to 1.", "answer": "1"}, "1", "college_math-1"),
}


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


def test_the_manifest_has_seven_benchmarks_each_with_a_shape_test() -> None:
    assert len(MANIFEST) == 7 and set(SHAPES) == set(MANIFEST)
    for spec in MANIFEST.values():
        assert spec.hub.count("/") == 1 and spec.split and spec.problem and spec.answer


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_benchmark_loads_from_a_local_copy_in_its_real_shape(name: str, tmp_path: Path) -> None:
    row, gold, ident = SHAPES[name]
    write_jsonl(tmp_path / f"{name}.jsonl", [row, row])
    items = load_benchmark(name, data_dir=tmp_path)
    assert len(items) == 2
    assert items[0].gold == gold and items[0].id == ident
    assert items[0].problem == row[MANIFEST[name].problem]
    assert len(load_benchmark(name, data_dir=tmp_path, limit=1)) == 1


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_a_row_without_a_mapped_field_is_an_error_with_file_line_and_mapping(name: str, tmp_path: Path) -> None:
    row, _, _ = SHAPES[name]
    spec = MANIFEST[name]
    broken = {k: v for k, v in row.items() if k != spec.answer}
    write_jsonl(tmp_path / f"{name}.jsonl", [row, broken])
    with pytest.raises(BenchmarkError) as caught:
        load_benchmark(name, data_dir=tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / (name + '.jsonl')}:2:1: {spec.title} row has no '{spec.answer}' field")
    assert f"maps {name}'s problem to '{spec.problem}'" in message


def test_a_gsm8k_answer_without_its_marker_is_refused(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "gsm8k.jsonl", [{"question": "q", "answer": "no marker here"}])
    with pytest.raises(BenchmarkError, match=r"gsm8k.jsonl:1:1: GSM8K row's 'answer' is not a solution ending in '#### <answer>'"):
        load_benchmark("gsm8k", data_dir=tmp_path)


def test_offline_without_a_copy_says_how_to_fetch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    with pytest.raises(BenchmarkError, match=r"benchmark aime24: no local copy at .*aime24.jsonl.*python -m pns_jobs.benchmarks fetch"):
        load_benchmark("aime24", data_dir=tmp_path)
    with pytest.raises(BenchmarkError, match="unknown benchmark 'aime'"):
        load_benchmark("aime", data_dir=tmp_path)


def test_online_reads_the_hub_dataset_and_fetch_writes_the_local_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, str | None, str]] = []

    def fake_hub(spec: benchmarks.BenchmarkSpec) -> Any:
        asked.append((spec.hub, spec.config, spec.split))
        return iter([SHAPES[spec.name][0]] * 3)

    monkeypatch.delenv("HF_DATASETS_OFFLINE", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(benchmarks, "hub_rows", fake_hub)
    items = load_benchmark("olympiadbench", data_dir=tmp_path)
    assert asked == [("Hothan/OlympiadBench", "OE_TO_maths_en_COMP", "train")] and len(items) == 3
    benchmarks.fetch(["gsm8k", "amc23"], tmp_path / "copies")
    assert [p.name for p in sorted((tmp_path / "copies").iterdir())] == ["amc23.jsonl", "gsm8k.jsonl"]
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")  # the copies now serve offline
    assert load_benchmark("amc23", data_dir=tmp_path / "copies")[0].gold == "27.0"


def test_read_benchmark_takes_a_manifest_name_for_a_path_that_does_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_jsonl(tmp_path / "math500.jsonl", [SHAPES["math500"][0]])
    monkeypatch.setenv("PNS_BENCHMARK_DIR", str(tmp_path))
    assert read_benchmark(Path("math500"))[0].gold == "\\frac{2}{3}"
    write_jsonl(tmp_path / "own.jsonl", [{"question": "1+1?", "answer": "2"}])
    assert read_benchmark(tmp_path / "own.jsonl")[0].gold == "2"  # any file in a common shape still works


def test_the_typescript_list_of_names_matches_the_manifest() -> None:
    text = (REPO / "server" / "src" / "jobs" / "benchmarkNames.ts").read_text()
    names = re.findall(r'"([a-z0-9_]+)"', text.split("=", 1)[1])
    assert names == list(MANIFEST)
