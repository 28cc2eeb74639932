"""Reading benchmark files in the common JSONL shapes into (id, problem, gold answer) rows.

Shapes: GSM8K {question, answer: "... #### 72"}; MATH-500 {problem, solution, answer, unique_id};
AIME / AMC {problem|question, answer, id}; Minerva {problem, solution|answer}; OlympiadBench
{question, final_answer: [..], id}. The gold answer is taken as written: comparing is the grader's job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def read_benchmark(path: Path, limit: int = 0) -> list[BenchmarkItem]:
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
