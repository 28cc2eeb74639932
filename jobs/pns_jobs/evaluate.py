"""Evaluation: pass@1 (and pass@k when k samples are asked for) of a model on benchmark files or
`.pns` problem sets, graded by OUR grader (`pns grade`, one batch process), one table per benchmark
plus the average, written as JSON and Markdown into the run's outputs.

Prompts follow the job's prompt keys (`prompt_template`, `system_prompt`, `conversational`; the
model's chat template renders conversational prompts). Under `accelerate launch` the problems are
split across ranks and rank 0 writes the tables.

    pns run eval --config examples/tiny/eval.yaml
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .benchmarks import read_benchmark
from .data import load_problems
from .job import JobContext, run_job
from .pass_rate import grade_groups, pass_at_k
from .sampling import SamplingArguments, sample_problems

JOB = "eval"

__all__ = ["pass_at_k", "evaluate", "main"]


@dataclass
class EvalArguments(SamplingArguments):
    benchmarks: list[str] = field(default_factory=list, metadata={"help": "benchmark JSONL files or .pns problem sets"})
    models: list[str] = field(
        default_factory=list,
        metadata={"help": "several models in one run, each `label=path` (or a path); default: model_name_or_path"},
    )
    num_samples: int = field(default=1, metadata={"help": "k samples per problem (pass@k when > 1)"})
    temperature: float = field(default=0.0, metadata={"help": "0 = greedy (then k must be 1)"})
    max_new_tokens: int = 1024
    batch_size: int = 8


def markdown_table(rows: list[dict[str, Any]], k: int) -> str:
    head = ["benchmark", "problems", "samples", "pass@1"] + ([f"pass@{k}"] if k > 1 else []) + ["ungradable"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        cells = [row["benchmark"], str(row["problems"]), str(row["samples"]), f"{100 * row['pass@1']:.2f}"]
        if k > 1:
            cells.append(f"{100 * row[f'pass@{k}']:.2f}")
        cells.append(str(row["ungradable"]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def benchmark_problems(path: Path, limit: int, run_dir: Path) -> list[dict[str, Any]]:
    """Rows {id, problem, answer} from a benchmark JSONL file or a `.pns` problem set."""
    if path.suffix == ".pns":
        problems = load_problems(str(path), run_dir, f"bench-{path.stem}")
        return problems[:limit] if limit else problems
    return [{"id": item.id, "problem": item.problem, "answer": item.gold} for item in read_benchmark(path, limit)]


def model_list(args: EvalArguments, default: str | None) -> list[tuple[str, str | None]]:
    """(label, path) of each model to evaluate."""
    if not args.models:
        return [(args.endpoint_model or default or "model", default)]
    out = []
    for entry in args.models:
        label, _, path = entry.partition("=") if "=" in entry else (Path(entry).name, "", entry)
        out.append((label, path))
    return out


def evaluate_model(ctx: JobContext, label: str, model_path: str | None, benchmarks: list[str], samples_file: Any) -> dict[str, Any] | None:
    """The table of one model over every benchmark; None on ranks other than 0."""
    args: EvalArguments = ctx.args
    k = args.num_samples
    rows: list[dict[str, Any]] = []
    model_name = label
    for bench in benchmarks:
        path = Path(bench)
        problems = benchmark_problems(path, args.limit, ctx.run.path)
        drawn = sample_problems(ctx, problems, model_path, f"{label}-{path.stem}")
        if drawn is None:
            continue  # another rank's share; rank 0 writes the tables
        model_name, completions = drawn
        graded = grade_groups(problems, completions)
        ungradable = 0
        for g in graded:
            for text, verdict in zip(g.completions, g.verdicts):
                ungradable += 0 if verdict.get("gradable", True) else 1
                record = {"model": label, "benchmark": path.stem, "id": g.problem["id"], "gold": g.problem["answer"], "response": text, "verdict": verdict}
                samples_file.write(json.dumps(record) + "\n")
        row: dict[str, Any] = {
            "benchmark": path.stem,
            "problems": len(problems),
            "samples": sum(len(g.completions) for g in graded),
            "pass@1": sum(pass_at_k(len(g.completions), g.correct, 1) for g in graded) / len(graded),
            "ungradable": ungradable,
        }
        if k > 1:
            row[f"pass@{k}"] = sum(pass_at_k(len(g.completions), g.correct, k) for g in graded) / len(graded)
        rows.append(row)
        print(f"[pns] {label} on {path.stem}: pass@1 {100 * row['pass@1']:.2f}% over {len(problems)} problems", flush=True)
    if not rows:
        return None
    average: dict[str, Any] = {
        "benchmark": "average",
        "problems": sum(r["problems"] for r in rows),
        "samples": sum(r["samples"] for r in rows),
        "ungradable": sum(r["ungradable"] for r in rows),
        "pass@1": sum(r["pass@1"] for r in rows) / len(rows),  # macro: each benchmark counts once
    }
    if k > 1:
        average[f"pass@{k}"] = sum(r[f"pass@{k}"] for r in rows) / len(rows)
    return {"label": label, "model": model_name, "benchmarks": rows, "average": average}


def evaluate(ctx: JobContext) -> dict[str, Any]:
    args: EvalArguments = ctx.args
    benchmarks = list(args.benchmarks) or ([args.dataset] if args.dataset else [])
    if not benchmarks:
        raise ValueError("no benchmarks: set `benchmarks:` to one or more JSONL or .pns files")
    k = args.num_samples
    ctx.run.outputs.mkdir(parents=True, exist_ok=True)
    tables = []
    with (ctx.run.outputs / "samples.jsonl").open("w", encoding="utf-8") as samples_file:
        for label, path in model_list(args, ctx.model.model_name_or_path if ctx.model else None):
            table = evaluate_model(ctx, label, path, benchmarks, samples_file)
            if table is not None:
                tables.append(table)
    if not tables:
        return {"shard": True}
    first = tables[0]
    result = {"k": k, "temperature": args.temperature, "prompt_template": args.prompt_template, "seed": args.seed}
    if len(tables) == 1 and not args.models:
        result.update({"model": first["model"], "benchmarks": first["benchmarks"], "average": first["average"]})
    else:
        result["models"] = tables
    (ctx.run.outputs / "eval.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    markdown = "".join(f"# Evaluation of {t['label']}\n\n" + markdown_table(t["benchmarks"] + [t["average"]], k) + "\n" for t in tables)
    (ctx.run.outputs / "eval.md").write_text(markdown, encoding="utf-8")
    return {"table": str(ctx.run.outputs / "eval.json"), "markdown": str(ctx.run.outputs / "eval.md"), "pass@1": first["average"]["pass@1"]}


def dataclass_types() -> tuple[type, ...]:
    from trl import ModelConfig

    return (EvalArguments, ModelConfig)


def main(argv: list[str] | None = None) -> int:
    return run_job(JOB, dataclass_types(), evaluate, argv)


if __name__ == "__main__":
    sys.exit(main())
