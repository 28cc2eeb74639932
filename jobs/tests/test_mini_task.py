"""PNS-mini's task: splits disjoint by construction, reference solutions the engine accepts."""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

from pns_jobs.mini_task import TaskSettings, make_splits, results, solution, write_splits


def number_tuple(problem) -> tuple:
    lines = problem.samples[0].text.splitlines()[:-1]
    return tuple(tuple(line.split(" ")[:3]) for line in lines)


def test_test_and_dev_share_no_number_tuple_with_train_and_harder_has_one_more_step() -> None:
    splits = make_splits(0, 2000, 100, 300, 50, TaskSettings())
    train = {number_tuple(p) for p in splits["train"]}
    test = {number_tuple(p) for p in splits["test"]}
    dev = {number_tuple(p) for p in splits["dev"]}
    assert len(test) == 300 and len(dev) == 100  # every held-out problem is its own tuple
    assert not train & test and not train & dev and not test & dev
    assert {p.meta["steps"] for p in splits["train"] + splits["test"]} == {"2"}
    assert {p.meta["steps"] for p in splits["harder"]} == {"3"}
    # Same seed, same split: the base model's held-out problems are the pipeline's.
    again = make_splits(0, 10, 100, 300, 50, TaskSettings())
    assert [p.statement for p in again["test"]] == [p.statement for p in splits["test"]]


def test_running_values_never_go_below_zero_and_solutions_show_each_claim() -> None:
    assert results(3, (("-", 5),)) is None
    assert solution(7, (("+", 5), ("-", 3))) == "7 + 5 = 12\n12 - 3 = 9\nThe answer is \\boxed{9}."


def test_reference_solutions_are_correct_and_well_formed_to_the_engine(tmp_path: Path, pns_cli: str) -> None:
    paths = write_splits(tmp_path, make_splits(3, 40, 5, 20, 20, TaskSettings()), 3)
    for path in paths.values():
        done = subprocess.run([*shlex.split(pns_cli), "score", str(path), "--format", "json"], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)["files"][0]
        assert report["summary"]["correct"] == report["summary"]["samples"] > 0, report["summary"]
