"""The pipeline's hand-offs between phases: which sampled responses become positives and negatives,
and the DPO arms' shared chosen sides."""

from __future__ import annotations

import json
import random
from types import SimpleNamespace

import pytest

from pns_jobs.pipeline_data import corrupt_answer, dpo_arms, sampled_problems

KEYS = SimpleNamespace(prompt_template="{problem}", system_prompt="", conversational=False)


def sample(text: str, grade: str, cot: float | None) -> dict:
    scores = {"format": 1} if cot is None else {"format": 1, "cot": cot}
    role = "positive" if grade == "correct" else "negative"
    return {"role": role, "text": text, "meta": {"grade": grade, "scores": json.dumps(scores)}}


ROW = {
    "id": "p1",
    "problem": "Ann had 8 pens, got 7, then lost 7. How many pens now?",
    "answer": "8",
    "samples": [
        sample("8 + 7 = 15\n15 - 7 = 8\nThe answer is \\boxed{8}.", "correct", 1.0),
        # Right answer through two slips that cancel: not an example of correct reasoning.
        sample("8 + 7 = 14\n14 - 7 = 8\nThe answer is \\boxed{8}.", "correct", 1 / 3),
        sample("8 + 7 = 15\n15 - 7 = 9\nThe answer is \\boxed{9}.", "wrong", 2 / 3),
        sample("The answer is \\boxed{8}.", "correct", None),  # no claim to check: kept
        sample("8 + 7 = 15\n15 - 7 = ?", "ungradable", 1.0),
    ],
}


def test_steps_hold_sets_aside_right_answers_reached_through_a_false_step() -> None:
    [problem] = sampled_problems([ROW])
    assert problem.correct == [ROW["samples"][0]["text"], ROW["samples"][3]["text"]]
    assert problem.lucky == 1
    assert problem.wrong == [ROW["samples"][2]["text"]]  # ungradable is neither side


def test_the_answer_policy_keeps_every_right_answer() -> None:
    [problem] = sampled_problems([ROW], "answer")
    assert len(problem.correct) == 3 and problem.lucky == 0


def test_an_unknown_policy_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="steps_hold, answer"):
        sampled_problems([ROW], "any")


def test_arms_share_chosen_sides_and_pair_counts() -> None:
    [problem] = sampled_problems([ROW])
    pns = {"p1": ["8 + 7 = 15\n15 - 7 = 7\nThe answer is \\boxed{7}."]}
    arms = dpo_arms([problem], pns, KEYS, cap=2, seed=0)
    assert {name: len(rows) for name, rows in arms.items()} == {"rejection_sampled": 1, "pns": 1, "answer_corrupted": 1}
    assert len({rows[0]["chosen"] for rows in arms.values()}) == 1
    assert arms["pns"][0]["rejected"] == pns["p1"][0]


def test_corrupt_answer_changes_only_the_final_boxed_integer() -> None:
    text = "8 + 7 = 15\n15 - 7 = 8\nThe answer is \\boxed{8}."
    corrupted = corrupt_answer(text, random.Random(0))
    assert corrupted is not None and corrupted != text
    assert corrupted.rsplit("\\boxed{", 1)[0] == text.rsplit("\\boxed{", 1)[0]
    assert corrupt_answer("no box here", random.Random(0)) is None
