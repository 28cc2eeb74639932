"""pass@k by our grader: generate, grade with `pns grade` (one process per batch), count."""

from __future__ import annotations

from dataclasses import dataclass
from math import comb
from typing import Any, Sequence

from .generation import SamplingSettings, generate_with
from .pns_cli import grade_pairs
from .prompts import render_prompt


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased estimator (Chen et al. 2021): 1 - C(n-c, k) / C(n, k)."""
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)


@dataclass
class Graded:
    """Per problem: its completions and whether each equals the gold (None: ungradable)."""

    problem: dict[str, Any]
    completions: list[str]
    verdicts: list[dict[str, Any]]

    @property
    def correct(self) -> int:
        return sum(bool(v.get("equal")) for v in self.verdicts)


def grade_groups(problems: Sequence[dict[str, Any]], completions: Sequence[Sequence[str]]) -> list[Graded]:
    flat = [(p, text) for p, group in zip(problems, completions) for text in group]
    verdicts = grade_pairs((str(p["answer"]), text) for p, text in flat)
    out, offset = [], 0
    for p, group in zip(problems, completions):
        out.append(Graded(p, list(group), verdicts[offset : offset + len(group)]))
        offset += len(group)
    return out


def greedy_pass1(model: Any, tokenizer: Any, problems: Sequence[dict[str, Any]], keys: Any, max_new_tokens: int, batch_size: int = 64) -> float:
    """Greedy pass@1 of an in-memory model (used mid-training)."""
    prompts = [render_prompt(str(p["problem"]), keys, p.get("meta")) for p in problems]
    settings = SamplingSettings(num_samples=1, temperature=0.0, max_new_tokens=max_new_tokens, batch_size=batch_size)
    graded = grade_groups(problems, generate_with(model, tokenizer, prompts, settings))
    return sum(g.correct > 0 for g in graded) / max(1, len(graded))
