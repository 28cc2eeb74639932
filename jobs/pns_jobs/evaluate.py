"""Evaluation: pass@1 (and pass@k when k samples are asked for) of a model on benchmark JSONL
files, graded by OUR grader (`pns grade`, one batch process), one table per benchmark plus the
average, written as JSON and Markdown into the run's outputs.

    python -m pns_jobs.evaluate --config examples/tiny/eval.yaml
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from math import comb
from pathlib import Path
from typing import Any

from .benchmarks import read_benchmark
from .generation import SamplingSettings, generate_endpoint, generate_local
from .job import JobArguments, JobContext, run_job
from .models import check_model
from .pns_cli import grade_pairs

JOB = "eval"
DEFAULT_TEMPLATE = "{problem}\n\nPlease reason step by step, and put your final answer within \\boxed{{}}."


@dataclass
class EvalArguments(JobArguments):
    benchmarks: list[str] = field(default_factory=list, metadata={"help": "benchmark JSONL files"})
    num_samples: int = field(default=1, metadata={"help": "k samples per problem (pass@k when > 1)"})
    temperature: float = field(default=0.0, metadata={"help": "0 = greedy (then k must be 1)"})
    top_p: float = 1.0
    max_new_tokens: int = 1024
    seed: int = 0
    batch_size: int = 8
    limit: int = field(default=0, metadata={"help": "at most this many problems per benchmark (0 = all)"})
    prompt_template: str = field(default=DEFAULT_TEMPLATE, metadata={"help": "{problem} is replaced"})
    endpoint_url: str = ""
    endpoint_model: str = ""


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased estimator (Chen et al. 2021): 1 - C(n-c, k) / C(n, k)."""
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)


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


def evaluate(ctx: JobContext) -> dict[str, Any]:
    args: EvalArguments = ctx.args
    benchmarks = list(args.benchmarks) or ([args.dataset] if args.dataset else [])
    if not benchmarks:
        raise ValueError("no benchmarks: set `benchmarks:` to one or more JSONL files")
    if args.temperature == 0 and args.num_samples > 1:
        raise ValueError("num_samples > 1 needs temperature > 0: greedy decoding gives k identical samples")
    settings = SamplingSettings(args.num_samples, args.temperature, args.top_p, args.max_new_tokens, args.seed, args.batch_size)
    model_name = args.endpoint_model if args.endpoint_url else check_model(ctx.model.model_name_or_path)
    k = args.num_samples
    rows: list[dict[str, Any]] = []
    ctx.run.outputs.mkdir(parents=True, exist_ok=True)
    samples_file = (ctx.run.outputs / "samples.jsonl").open("w", encoding="utf-8")
    with samples_file:
        for bench in benchmarks:
            path = Path(bench)
            items = read_benchmark(path, args.limit)
            prompts = [args.prompt_template.format(problem=item.problem) for item in items]
            if args.endpoint_url:
                completions = generate_endpoint(args.endpoint_url, model_name, prompts, settings)
            else:
                completions = generate_local(model_name, prompts, settings)
            flat = [(item, text) for item, group in zip(items, completions) for text in group]
            verdicts = grade_pairs((item.gold, text) for item, text in flat)
            per_problem: dict[str, list[bool]] = {}
            ungradable = 0
            for (item, text), verdict in zip(flat, verdicts):
                per_problem.setdefault(item.id, []).append(bool(verdict.get("equal")))
                ungradable += 0 if verdict.get("gradable", True) else 1
                samples_file.write(json.dumps({"benchmark": path.stem, "id": item.id, "gold": item.gold, "response": text, "verdict": verdict}) + "\n")
            row: dict[str, Any] = {
                "benchmark": path.stem,
                "problems": len(items),
                "samples": len(flat),
                "pass@1": sum(pass_at_k(len(v), sum(v), 1) for v in per_problem.values()) / len(per_problem),
                "ungradable": ungradable,
            }
            if k > 1:
                row[f"pass@{k}"] = sum(pass_at_k(len(v), sum(v), k) for v in per_problem.values()) / len(per_problem)
            rows.append(row)
            print(f"[pns] {path.stem}: pass@1 {100 * row['pass@1']:.2f}% over {len(items)} problems", flush=True)
    average: dict[str, Any] = {
        "benchmark": "average",
        "problems": sum(r["problems"] for r in rows),
        "samples": sum(r["samples"] for r in rows),
        "ungradable": sum(r["ungradable"] for r in rows),
        "pass@1": sum(r["pass@1"] for r in rows) / len(rows),  # macro: each benchmark counts once
    }
    if k > 1:
        average[f"pass@{k}"] = sum(r[f"pass@{k}"] for r in rows) / len(rows)
    table = {"model": model_name, "k": k, "temperature": args.temperature, "benchmarks": rows, "average": average}
    (ctx.run.outputs / "eval.json").write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
    (ctx.run.outputs / "eval.md").write_text(f"# Evaluation of {model_name}\n\n" + markdown_table(rows + [average], k), encoding="utf-8")
    return {"table": str(ctx.run.outputs / "eval.json"), "markdown": str(ctx.run.outputs / "eval.md"), "pass@1": average["pass@1"]}


def dataclass_types() -> tuple[type, ...]:
    from trl import ModelConfig

    return (EvalArguments, ModelConfig)


def main(argv: list[str] | None = None) -> int:
    return run_job(JOB, dataclass_types(), evaluate, argv)


if __name__ == "__main__":
    sys.exit(main())
