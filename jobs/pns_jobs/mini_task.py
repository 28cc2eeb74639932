"""PNS-mini's task family: short multi-step arithmetic word problems with integer answers.

Small enough for a ~1M-parameter character-level model to learn on two CPU cores, and shaped like
what the reward engine expects: one `a op b = c` claim per line, then a final `\\boxed{}`.

    Ann had 7 pens, got 5, then lost 3. How many pens now?
    7 + 5 = 12
    12 - 3 = 9
    The answer is \\boxed{9}.

Splits are disjoint by construction, not by chance: every tuple of numbers and operations
(start, op1, n1, op2, n2) is assigned to exactly one of train / dev / test by a seeded shuffle of
the whole tuple space, so no test problem's numbers were ever seen together in training. `harder`
has one more step (three operations), a length the model never trained on.

    python -m pns_jobs.mini_task --out DIR [--seed 0] [--train 20000] [--test 500] [--dev 200] [--harder 500]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from itertools import product
from pathlib import Path

from .pns_writer import PnsProblem, PnsSample, serialize

NAMES = ["Ann", "Ben", "Sam", "Mia", "Tom", "Zoe", "Max", "Amy", "Leo", "Eva"]
THINGS = ["pens", "cards", "coins", "books", "cups", "toys", "eggs", "keys", "shells", "stamps"]
VERBS = {"+": ["got", "found", "won", "bought"], "-": ["lost", "gave away", "sold", "used"]}

Steps = tuple[tuple[str, int], ...]  # ((op, operand), ...)


@dataclass(frozen=True)
class TaskSettings:
    max_start: int = 20
    max_operand: int = 9


def results(start: int, steps: Steps) -> list[int] | None:
    """Running values after each step; None when one would go below zero."""
    values, value = [], start
    for op, n in steps:
        value = value + n if op == "+" else value - n
        if value < 0:
            return None
        values.append(value)
    return values


def tuples(count: int, settings: TaskSettings) -> list[tuple[int, Steps]]:
    """Every valid (start, steps) with `count` operations, in a fixed order."""
    operands = range(1, settings.max_operand + 1)
    step_space = list(product("+-", operands))
    out = []
    for start in range(1, settings.max_start + 1):
        for steps in product(step_space, repeat=count):
            if results(start, steps) is not None:
                out.append((start, steps))
    return out


def statement(start: int, steps: Steps, rng: random.Random) -> str:
    name, thing = rng.choice(NAMES), rng.choice(THINGS)
    verbs = [f"{rng.choice(VERBS[op])} {n}" for op, n in steps]
    middle = ", ".join(verbs[:-1]) + f", then {verbs[-1]}" if len(verbs) > 1 else verbs[0]
    return f"{name} had {start} {thing}, {middle}. How many {thing} now?"


def solution(start: int, steps: Steps) -> str:
    lines, value = [], start
    for (op, n), after in zip(steps, results(start, steps) or []):
        lines.append(f"{value} {op} {n} = {after}")
        value = after
    lines.append(f"The answer is \\boxed{{{value}}}.")
    return "\n".join(lines)


def problem(pid: str, start: int, steps: Steps, rng: random.Random, split: str) -> PnsProblem:
    answer = (results(start, steps) or [start])[-1]
    meta = {"source": "pns-mini", "split": split, "steps": str(len(steps))}
    reference = PnsSample("positive", solution(start, steps), {"model": "reference"})
    return PnsProblem(pid, statement(start, steps, rng), str(answer), meta, [reference])


def make_splits(seed: int, train: int, dev: int, test: int, harder: int, settings: TaskSettings) -> dict[str, list[PnsProblem]]:
    rng = random.Random(seed)
    space = tuples(2, settings)
    rng.shuffle(space)
    if dev + test >= len(space):
        raise ValueError(f"dev + test ({dev + test}) must be below the {len(space)} distinct two-step tuples")
    test_tuples, dev_tuples, train_tuples = space[:test], space[test : test + dev], space[test + dev :]
    splits = {
        "test": [problem(f"test-{i + 1}", s, st, rng, "test") for i, (s, st) in enumerate(test_tuples)],
        "dev": [problem(f"dev-{i + 1}", s, st, rng, "dev") for i, (s, st) in enumerate(dev_tuples)],
        # Training repeats tuples with other names and objects: the numbers are what must be learnt.
        "train": [problem(f"train-{i + 1}", *rng.choice(train_tuples), rng, "train") for i in range(train)],
    }
    hard_space = tuples(3, settings)
    rng.shuffle(hard_space)
    splits["harder"] = [problem(f"harder-{i + 1}", s, st, rng, "harder") for i, (s, st) in enumerate(hard_space[:harder])]
    return splits


def write_splits(out: Path, splits: dict[str, list[PnsProblem]], seed: int) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, problems in splits.items():
        target = out / f"{name}.pns"
        temp = target.with_name(f".{target.name}.partial")
        header = [f"PNS-mini {name} split: {len(problems)} problems, seed {seed} (python -m pns_jobs.mini_task)."]
        temp.write_text(serialize(problems, header), encoding="utf-8")
        temp.replace(target)
        written[name] = target
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pns_jobs.mini_task", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for train/dev/test/harder .pns files")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train", type=int, default=20000)
    parser.add_argument("--dev", type=int, default=200)
    parser.add_argument("--test", type=int, default=500)
    parser.add_argument("--harder", type=int, default=500)
    parser.add_argument("--max-start", type=int, default=TaskSettings.max_start)
    parser.add_argument("--max-operand", type=int, default=TaskSettings.max_operand)
    args = parser.parse_args(argv)
    settings = TaskSettings(args.max_start, args.max_operand)
    splits = make_splits(args.seed, args.train, args.dev, args.test, args.harder, settings)
    for name, path in write_splits(args.out, splits, args.seed).items():
        print(f"{name:7s} {len(splits[name]):6d} problems -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
