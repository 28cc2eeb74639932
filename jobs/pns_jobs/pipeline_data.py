"""The data a pipeline passes between phases: problems and samples read back from `.pns` outputs,
reward-model pairs, GRPO prompts, and the DPO arms with identical chosen sides."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .prompts import render_prompt


@dataclass
class SampledProblem:
    id: str
    problem: str
    answer: str
    correct: list[str]  # the positives: right answer (and, by default, every step holds)
    wrong: list[str]  # graded wrong (gradable), any format
    lucky: int = 0  # right answer reached through a false step: neither side of a pair


POSITIVE_POLICIES = ("steps_hold", "answer")


def _cot_score(meta: dict[str, Any]) -> float | None:
    """The local chain-of-thought component `pns sample` recorded (share of arithmetic claims that
    hold, smoothed; 1 when all hold; null when the response makes no claim)."""
    try:
        value = json.loads(str(meta.get("scores") or "{}")).get("cot")
    except json.JSONDecodeError:
        return None
    return float(value) if isinstance(value, (int, float)) else None


def sampled_problems(rows: Iterable[dict[str, Any]], positives: str = "steps_hold") -> list[SampledProblem]:
    """From a lossless export of `pns sample` output: each problem's correct and wrong responses
    (ungradable ones are neither: unsure is not wrong).

    `positives="steps_hold"` keeps as positives only right answers whose arithmetic claims all hold:
    a small model often lands on the gold answer through two slips that cancel, and such a response
    is no example of correct reasoning, to prefer in DPO or to rank first in the reward model's pairs
    (measured on PNS-mini: a quarter of the right answers). `"answer"` judges by the answer alone."""
    if positives not in POSITIVE_POLICIES:
        raise ValueError(f"positives must be one of {', '.join(POSITIVE_POLICIES)}, not {positives!r}")
    out = []
    for row in rows:
        correct, wrong, lucky = [], [], 0
        for sample in row.get("samples") or []:
            meta = sample.get("meta") or {}
            grade = meta.get("grade")
            text = str(sample.get("text", ""))
            if grade == "correct" or (grade is None and sample.get("role") == "positive"):
                cot = _cot_score(meta)
                if positives == "steps_hold" and cot is not None and cot < 1:
                    lucky += 1
                else:
                    correct.append(text)
            elif grade == "wrong" or (grade is None and sample.get("role") == "negative"):
                wrong.append(text)
        out.append(SampledProblem(str(row["id"]), str(row["problem"]), str(row["answer"]), correct, wrong, lucky))
    return out


def negatives_by_problem(rows: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    return {str(r["id"]): [str(s["text"]) for s in r.get("samples") or [] if s.get("role") == "negative"] for r in rows}


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.partial")
    count = 0
    with temp.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    temp.replace(path)
    return count


def reward_model_pairs(problems: list[SampledProblem], keys: Any, cap: int, seed: int) -> list[dict[str, Any]]:
    """(correct, wrong) pairs of the policy's own samples, at most `cap` per problem."""
    rng = random.Random(seed)
    rows = []
    for p in problems:
        if not p.correct or not p.wrong:
            continue
        wrong = list(p.wrong)
        rng.shuffle(wrong)
        for i, rejected in enumerate(wrong[:cap]):
            rows.append({"prompt": render_prompt(p.problem, keys), "chosen": p.correct[i % len(p.correct)], "rejected": rejected, "id": p.id})
    return rows


def split_by_problem(problems: list[SampledProblem], held_out: float, seed: int) -> tuple[list[SampledProblem], list[SampledProblem]]:
    ids = sorted(p.id for p in problems)
    random.Random(seed).shuffle(ids)
    cut = set(ids[: max(1, int(len(ids) * held_out))])
    return [p for p in problems if p.id not in cut], [p for p in problems if p.id in cut]


_LAST_BOX = re.compile(r"\\boxed\{(-?\d+)\}(?!.*\\boxed\{)", re.S)


def corrupt_answer(solution: str, rng: random.Random) -> str | None:
    """The same solution with only its final boxed integer changed (the reasoning stays correct):
    the arm that isolates where a negative is wrong from how plausible it looks."""
    match = _LAST_BOX.search(solution)
    if not match:
        return None
    value = int(match.group(1))
    wrong = value + rng.choice([-2, -1, 1, 2])
    if wrong < 0:
        wrong = value + 1
    return solution[: match.start(1)] + str(wrong) + solution[match.end(1) :]


def dpo_arms(
    problems: list[SampledProblem], pns: dict[str, list[str]], keys: Any, cap: int, seed: int
) -> dict[str, list[dict[str, Any]]]:
    """Three arms with the SAME chosen sides and the same pair count, so the negatives are the only
    difference: rejection-sampled negatives (the base model's own wrong answers), PNS negatives
    (the reverse-RL generator's), and answer-corrupted copies of the chosen solution."""
    rng = random.Random(seed)
    arms: dict[str, list[dict[str, Any]]] = {"rejection_sampled": [], "pns": [], "answer_corrupted": []}
    for p in problems:
        generated = pns.get(p.id) or []
        n = min(cap, len(p.wrong), len(generated))
        if not p.correct or n == 0:
            continue
        prompt = render_prompt(p.problem, keys)
        for i in range(n):
            chosen = p.correct[i % len(p.correct)]
            corrupted = corrupt_answer(chosen, rng)
            if corrupted is None:
                continue
            for arm, rejected in (("rejection_sampled", p.wrong[i]), ("pns", generated[i]), ("answer_corrupted", corrupted)):
                arms[arm].append({"prompt": prompt, "chosen": chosen, "rejected": rejected, "id": p.id})
    return arms


def grpo_rows(rows: Iterable[dict[str, Any]], keys: Any) -> list[dict[str, Any]]:
    return [{"prompt": render_prompt(str(r["problem"]), keys, r.get("meta")), "answer": str(r["answer"]), "id": str(r["id"])} for r in rows]
