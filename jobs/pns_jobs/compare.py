"""The paper's table from eval runs: rows backbone × {baseline, + RS-DPO, + PNS-DPO}, columns the
benchmarks and their average, pass@1 with a 95 % confidence interval, as Markdown and JSON.

    python -m pns_jobs.compare --spec examples/paper/compare.yaml --out runs/table

The spec lists one eval run directory per row (`pns run eval` wrote its outputs/samples.jsonl):

    rows:
      - {backbone: Qwen2.5-Math-7B-Instruct, arm: baseline, eval: runs/<time>-eval}
      - {backbone: Qwen2.5-Math-7B-Instruct, arm: rs-dpo, eval: runs/<time>-eval}
      - {backbone: Qwen2.5-Math-7B-Instruct, arm: pns-dpo, eval: runs/<time>-eval}

pass@1 of a benchmark is the mean over its problems of (correct samples / samples); its interval is
mean ± 1.96 standard errors over problems (normal approximation, clipped to [0, 1]), which with k
samples per problem also carries the sampling noise. The average is the unweighted mean over
benchmarks (each counts once, as in the paper's "average"), its standard error sqrt(Σ se²) / B.
A row whose run lacks a benchmark the others have gets "—" there and no average: comparing
averages over different benchmark sets would mislead.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ARMS = {"baseline": "baseline", "rs-dpo": "+ RS-DPO", "pns-dpo": "+ PNS-DPO"}
Z95 = 1.959964


class CompareError(ValueError):
    """A spec or run directory that cannot make a table; says which and why."""


@dataclass
class Cell:
    pass1: float
    se: float
    problems: int
    samples: int

    @property
    def low(self) -> float:
        return max(0.0, self.pass1 - Z95 * self.se)

    @property
    def high(self) -> float:
        return min(1.0, self.pass1 + Z95 * self.se)


def cell_of(per_problem: dict[str, list[bool]]) -> Cell:
    rates = [sum(v) / len(v) for v in per_problem.values()]
    m = len(rates)
    mean = sum(rates) / m
    variance = sum((r - mean) ** 2 for r in rates) / (m - 1) if m > 1 else 0.0
    return Cell(mean, math.sqrt(variance / m), m, sum(len(v) for v in per_problem.values()))


def read_eval_run(run: Path) -> dict[str, Cell]:
    """Per benchmark, pass@1 and its standard error from the run's per-sample verdicts."""
    samples = run / "outputs" / "samples.jsonl"
    if not samples.is_file():
        raise CompareError(f"{run}: no outputs/samples.jsonl (is it a finished `pns run eval` run directory?)")
    by_benchmark: dict[str, dict[str, list[bool]]] = {}
    for number, line in enumerate(samples.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            verdict = row["verdict"]
            by_benchmark.setdefault(str(row["benchmark"]), {}).setdefault(str(row["id"]), []).append(bool(verdict.get("equal")))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise CompareError(f"{samples}:{number}:1: not an eval sample row ({error})") from error
    if not by_benchmark:
        raise CompareError(f"{samples}: no samples")
    return {name: cell_of(problems) for name, problems in by_benchmark.items()}


def average(cells: list[Cell]) -> Cell:
    b = len(cells)
    return Cell(
        sum(c.pass1 for c in cells) / b,
        math.sqrt(sum(c.se**2 for c in cells)) / b,
        sum(c.problems for c in cells),
        sum(c.samples for c in cells),
    )


def load_spec(path: Path) -> list[dict[str, str]]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CompareError(f"{path}: {error}") from error
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise CompareError(f"{path}: expected `rows:` with one {{backbone, arm, eval}} per row")
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) and row[k] for k in ("backbone", "arm", "eval")):
            raise CompareError(f"{path}: row {index} needs backbone, arm and eval (a run directory)")
        if row["arm"] not in ARMS:
            raise CompareError(f"{path}: row {index}: arm '{row['arm']}' is not one of {', '.join(ARMS)}")
    return rows


def code_version() -> str:
    try:
        done = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True, check=False, cwd=Path(__file__).parent)
        return done.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def build_table(rows: list[dict[str, str]], base: Path) -> dict[str, Any]:
    """Eval run paths are relative to `base` (the working directory)."""
    results = []
    benchmarks: list[str] = []
    for row in rows:
        run = (base / row["eval"]).resolve() if not Path(row["eval"]).is_absolute() else Path(row["eval"])
        cells = read_eval_run(run)
        for name in cells:
            if name not in benchmarks:
                benchmarks.append(name)
        results.append((row, run, cells))
    table_rows = []
    for row, run, cells in results:
        complete = all(name in cells for name in benchmarks)
        entry: dict[str, Any] = {
            "backbone": row["backbone"],
            "arm": row["arm"],
            "run": str(run),
            "benchmarks": {name: _cell_json(cells[name]) for name in benchmarks if name in cells},
            "average": _cell_json(average([cells[n] for n in benchmarks])) if complete else None,
        }
        config = run / "config.yaml"
        if config.is_file():
            entry["model"] = next((line.split(":", 1)[1].strip() for line in config.read_text().splitlines() if line.startswith("model_name_or_path:")), None)
        table_rows.append(entry)
    return {
        "benchmarks": benchmarks,
        "rows": table_rows,
        "metric": "pass@1, 95% CI (normal approximation over problems)",
        "code_version": code_version(),
        "machine": f"{platform.node()} ({platform.platform()})",
    }


def _cell_json(cell: Cell) -> dict[str, Any]:
    return {"pass@1": cell.pass1, "ci95": [cell.low, cell.high], "se": cell.se, "problems": cell.problems, "samples": cell.samples}


def markdown(table: dict[str, Any]) -> str:
    benchmarks = table["benchmarks"]
    head = ["backbone", "arm", *benchmarks, "average"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---", "---"] + ["---:"] * (len(benchmarks) + 1)) + "|"]

    def fmt(cell: dict[str, Any] | None) -> str:
        if cell is None:
            return "—"
        low, high = cell["ci95"]
        return f"{100 * cell['pass@1']:.1f} [{100 * low:.1f}, {100 * high:.1f}]"

    for row in table["rows"]:
        cells = [fmt(row["benchmarks"].get(name)) for name in benchmarks]
        lines.append("| " + " | ".join([row["backbone"], ARMS[row["arm"]], *cells, fmt(row["average"])]) + " |")
    note = (
        f"\npass@1 in % with 95 % confidence intervals (normal approximation over problems). "
        f"Code {table['code_version']}, machine {table['machine']}; each row's run directory is in table.json.\n"
    )
    return "\n".join(lines) + "\n" + note


def write_atomic(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pns_jobs.compare", description=__doc__.split("\n")[0])
    parser.add_argument("--spec", type=Path, required=True, help="YAML with rows: [{backbone, arm, eval}]")
    parser.add_argument("--out", type=Path, required=True, help="folder for table.md and table.json")
    args = parser.parse_args(argv)
    try:
        table = build_table(load_spec(args.spec), Path.cwd())
    except CompareError as error:
        print(f"pns compare: {error}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out / "table.json", json.dumps(table, indent=2) + "\n")
    text = markdown(table)
    write_atomic(args.out / "table.md", text)
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
