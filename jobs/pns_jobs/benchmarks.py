"""The seven math benchmarks of the paper's table, and reading them into (id, problem, gold) rows.

MANIFEST names each benchmark's hub dataset, config, split and field mapping. `load_benchmark(name)`
reads `<data_dir>/<name>.jsonl` when it is there (offline, CI, a pinned copy), otherwise the hub
dataset through `datasets` when the machine is online; `python -m pns_jobs.benchmarks fetch --out
DIR` writes the JSONL copies once. A row without a mapped field is an error naming the file, the
row and the mapping, never a silent skip. `read_benchmark(path)` reads any JSONL file in the common
shapes (GSM8K {question, answer: "... #### 72"}; MATH-500 {problem, solution, answer, unique_id};
AIME / AMC {problem|question, answer, id}; Minerva {problem|question, solution|answer};
OlympiadBench {question, final_answer: [..], id}) and, for a path that does not exist but is a
manifest name (`gsm8k`), loads that benchmark. The gold answer is taken as written: comparing is
the grader's job.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable

PROBLEM_KEYS = ("problem", "question", "Problem", "Question", "prompt")
ANSWER_KEYS = ("final_answer", "answer", "Answer", "expected_answer", "gold")
ID_KEYS = ("id", "unique_id", "idx", "ID", "problem_id")


class BenchmarkError(ValueError):
    """A row without a problem or a gold answer; names file:line and the keys it has."""


@dataclass
class BenchmarkItem:
    id: str
    problem: str
    gold: str


def last_boxed(text: str) -> str | None:
    """Content of the right-most `\\boxed{...}`, brace-matched (for rows that only carry a solution)."""
    start = text.rfind("\\boxed{")
    if start < 0:
        return None
    depth, begin = 0, start + len("\\boxed{")
    for index in range(begin, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            if depth == 0:
                return text[begin:index]
            depth -= 1
    return None


def gold_of(row: dict[str, Any]) -> str | None:
    for key in ANSWER_KEYS:
        value = row.get(key)
        if isinstance(value, list) and value:
            return ", ".join(str(v) for v in value)  # OlympiadBench: one or more final answers
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and value.strip():
            # GSM8K writes its reasoning, then `#### <answer>`.
            return value.rsplit("####", 1)[1].strip() if "####" in value else value.strip()
    solution = row.get("solution")
    return last_boxed(solution) if isinstance(solution, str) else None


@dataclass(frozen=True)
class BenchmarkSpec:
    """Where a benchmark lives on the hub and which fields hold what."""

    name: str
    title: str
    hub: str
    config: str | None
    split: str
    problem: str
    answer: str
    id: str | None
    # "gsm8k": the answer field is a solution ending in `#### <answer>`; "list": a list of final
    # answers (OlympiadBench); "plain": the answer as written.
    answer_style: str = "plain"


# Our choice of the seven (the paper's list could not be read), the set most math-RL papers of the
# Qwen2.5-Math line report. Hub ids and fields as published by each dataset's card; none could be
# fetched from this machine (no network), so the loader checks every mapped field on every row.
MANIFEST: dict[str, BenchmarkSpec] = {
    spec.name: spec
    for spec in (
        BenchmarkSpec("gsm8k", "GSM8K", "openai/gsm8k", "main", "test", "question", "answer", None, "gsm8k"),
        BenchmarkSpec("math500", "MATH-500", "HuggingFaceH4/MATH-500", None, "test", "problem", "answer", "unique_id"),
        BenchmarkSpec("minerva_math", "Minerva Math", "math-ai/minervamath", None, "test", "question", "answer", None),
        BenchmarkSpec(
            "olympiadbench", "OlympiadBench", "Hothan/OlympiadBench", "OE_TO_maths_en_COMP", "train", "question", "final_answer", "id", "list"
        ),
        BenchmarkSpec("aime24", "AIME 2024", "HuggingFaceH4/aime_2024", None, "train", "problem", "answer", "id"),
        BenchmarkSpec("amc23", "AMC 2023", "math-ai/amc23", None, "test", "question", "answer", "id"),
        BenchmarkSpec("college_math", "College Math", "math-ai/college_math", None, "test", "question", "answer", None),
    )
}


def gold_by_spec(spec: BenchmarkSpec, value: Any) -> str | None:
    if spec.answer_style == "list":
        if isinstance(value, list) and value:
            return ", ".join(str(v) for v in value)
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    if spec.answer_style == "gsm8k":
        return value.rsplit("####", 1)[1].strip() if "####" in value else None
    return value.strip()


def items_from_rows(spec: BenchmarkSpec, rows: Iterable[dict[str, Any]], source: str, limit: int = 0) -> list[BenchmarkItem]:
    """Rows of `spec`'s shape into items; a row lacking a mapped field stops with where and why."""
    items: list[BenchmarkItem] = []
    for number, row in enumerate(rows, start=1):
        for role, key in (("problem", spec.problem), ("answer", spec.answer)):
            if key not in row:
                raise BenchmarkError(
                    f"{source}:{number}:1: {spec.title} row has no '{key}' field (its {role}; keys: {', '.join(map(str, row))}): "
                    f"the manifest maps {spec.name}'s problem to '{spec.problem}' and its answer to '{spec.answer}'"
                )
        problem = row[spec.problem]
        gold = gold_by_spec(spec, row[spec.answer])
        if not isinstance(problem, str) or not problem.strip():
            raise BenchmarkError(f"{source}:{number}:1: {spec.title} row has an empty '{spec.problem}'")
        if gold is None:
            expected = {"gsm8k": "a solution ending in '#### <answer>'", "list": "a non-empty list"}.get(spec.answer_style, "a non-empty answer")
            raise BenchmarkError(f"{source}:{number}:1: {spec.title} row's '{spec.answer}' is not {expected}: {str(row[spec.answer])[:80]!r}")
        ident = str(row[spec.id]) if spec.id and spec.id in row else f"{spec.name}-{number}"
        items.append(BenchmarkItem(ident, problem, gold))
        if limit and len(items) >= limit:
            break
    if not items:
        raise BenchmarkError(f"{source}: no rows")
    return items


def _jsonl_rows(path: Path) -> Iterable[dict[str, Any]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise BenchmarkError(f"{path}:{number}:{error.colno}: not JSON: {error.msg}") from error
        if not isinstance(row, dict):
            raise BenchmarkError(f"{path}:{number}:1: a benchmark row is a JSON object")
        yield row


def offline() -> bool:
    return os.environ.get("HF_DATASETS_OFFLINE") == "1" or os.environ.get("HF_HUB_OFFLINE") == "1"


def default_data_dir() -> Path:
    return Path(os.environ.get("PNS_BENCHMARK_DIR", "data/benchmarks"))


def hub_rows(spec: BenchmarkSpec) -> Iterable[dict[str, Any]]:
    from datasets import load_dataset

    dataset = load_dataset(spec.hub, spec.config, split=spec.split) if spec.config else load_dataset(spec.hub, split=spec.split)
    return iter(dataset)


def load_benchmark(name: str, data_dir: Path | None = None, limit: int = 0) -> list[BenchmarkItem]:
    """A manifest benchmark: the local copy `<data_dir>/<name>.jsonl` if present, else the hub."""
    spec = MANIFEST.get(name)
    if spec is None:
        raise BenchmarkError(f"unknown benchmark '{name}': one of {', '.join(MANIFEST)} (or a JSONL file path)")
    local = (data_dir or default_data_dir()) / f"{name}.jsonl"
    if local.is_file():
        return items_from_rows(spec, _jsonl_rows(local), str(local), limit)
    if offline():
        raise BenchmarkError(
            f"benchmark {name}: no local copy at {local} and the hub is off (HF_DATASETS_OFFLINE/HF_HUB_OFFLINE): "
            f"run `python -m pns_jobs.benchmarks fetch --out {local.parent}` where the hub is reachable, or set PNS_BENCHMARK_DIR"
        )
    source = f"{spec.hub}{f' ({spec.config})' if spec.config else ''} split {spec.split}"
    return items_from_rows(spec, hub_rows(spec), source, limit)


def fetch(names: Iterable[str], out: Path) -> list[Path]:
    """Writes each benchmark's rows as `<out>/<name>.jsonl` (via a temp file), checking the mapping."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        spec = MANIFEST[name]
        rows = [dict(row) for row in hub_rows(spec)]
        items_from_rows(spec, rows, spec.hub)  # fail before writing if the hub's shape moved
        target = out / f"{name}.jsonl"
        temp = target.with_name(f".{target.name}.tmp")
        temp.write_text("".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows), encoding="utf-8")
        os.replace(temp, target)
        print(f"{name}: {len(rows)} rows -> {target}")
        written.append(target)
    return written


def read_benchmark(path: Path, limit: int = 0) -> list[BenchmarkItem]:
    if not path.exists() and str(path) in MANIFEST:
        return load_benchmark(str(path), limit=limit)
    items: list[BenchmarkItem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise BenchmarkError(f"{path}:{number}:{error.colno}: not JSON: {error.msg}") from error
        problem = next((row[k] for k in PROBLEM_KEYS if isinstance(row.get(k), str)), None)
        gold = gold_of(row)
        if problem is None or gold is None:
            what = "problem text" if problem is None else "gold answer"
            raise BenchmarkError(f"{path}:{number}:1: no {what} (keys: {', '.join(row)})")
        ident = next((str(row[k]) for k in ID_KEYS if k in row), f"{path.stem}-{number}")
        items.append(BenchmarkItem(ident, problem, gold))
        if limit and len(items) >= limit:
            break
    if not items:
        raise BenchmarkError(f"{path}: no rows")
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pns_jobs.benchmarks", description="the benchmark manifest")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="print the manifest as JSON")
    fetch_parser = commands.add_parser("fetch", help="write each benchmark as <out>/<name>.jsonl (needs the hub)")
    fetch_parser.add_argument("--out", type=Path, default=default_data_dir())
    fetch_parser.add_argument("--only", nargs="*", choices=sorted(MANIFEST), default=None)
    args = parser.parse_args(argv)
    if args.command == "list":
        print(json.dumps([asdict(spec) for spec in MANIFEST.values()], indent=2))
        return 0
    try:
        fetch(args.only or list(MANIFEST), args.out)
    except BenchmarkError as error:
        print(f"pns benchmarks: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
