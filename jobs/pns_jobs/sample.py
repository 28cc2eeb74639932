"""Sampling the policy itself: K responses per problem from any model, each graded by our grader and
(when `pns run` started a reward server) scored; correct responses become `@positive`, wrong and
ungradable ones `@negative` (metadata `grade=` says which), with model, temperature, seed and the
reward components. Its `.pns` output feeds reward-model pairs, the chosen side of DPO (the model's
own correct solutions, not an imported reference's style) and the rejection-sampling baseline.

    pns run sample --config examples/mini/sample.yaml [--launcher accelerate --gpus N]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data import load_problems
from .job import JobContext, run_job
from .pns_writer import PnsProblem, PnsSample, serialize
from .prompts import render_prompt
from .sampling import SamplingArguments, ScoredResponse, reward_client_if_any, sample_problems, score_and_grade, write_pns_atomic

JOB = "sample"


@dataclass
class SampleArguments(SamplingArguments):
    label: str = field(default="", metadata={"help": "model= metadata (default: the model path)"})


def sample_meta(args: SampleArguments, model: str, response: ScoredResponse) -> dict[str, str]:
    meta = {
        "model": args.label or model,
        "temperature": f"{args.temperature:g}",
        "seed": str(args.seed),
        "sample": str(response.index),
        "grade": response.grade,
    }
    scores = response.scores_meta()
    if scores:
        meta["scores"] = scores
    return meta


def sample(ctx: JobContext) -> dict[str, Any]:
    args: SampleArguments = ctx.args
    client = reward_client_if_any()
    problems = load_problems(args.dataset, ctx.run.path)
    if args.limit:
        problems = problems[: args.limit]
    drawn = sample_problems(ctx, problems)
    if drawn is None:
        return {"shard": True}
    model, completions = drawn
    prompts = [render_prompt(str(p["problem"]), args, p.get("meta")) for p in problems]
    graded = score_and_grade(problems, prompts, completions, client)
    counts = {"correct": 0, "wrong": 0, "ungradable": 0}
    out: list[PnsProblem] = []
    for problem, responses in zip(problems, graded):
        samples = []
        for response in responses:
            counts[response.grade] += 1
            role = "positive" if response.grade == "correct" else "negative"
            samples.append(PnsSample(role, response.text, sample_meta(args, model, response)))
        meta = {str(k): str(v) for k, v in (problem.get("meta") or {}).items()}
        out.append(PnsProblem(str(problem["id"]), str(problem["problem"]), str(problem["answer"]), meta, samples))
    target = Path(args.output) if args.output else ctx.run.outputs / "sample.pns"
    header = [
        f"Sampled by pns sample from {args.dataset}: model {args.label or model}, K={args.num_samples}, "
        f"temperature {args.temperature:g}, seed {args.seed}.",
        f"{counts['correct']} correct (@positive), {counts['wrong']} wrong and {counts['ungradable']} ungradable (@negative, grade=).",
    ]
    write_pns_atomic(target, serialize(out, header))
    total = sum(counts.values())
    print(
        f"[pns] sampled {total} responses for {len(problems)} problems: {counts['correct']} correct, "
        f"{counts['wrong']} wrong, {counts['ungradable']} ungradable -> {target}",
        flush=True,
    )
    return {"pns": str(target), "problems": len(problems), "samples": total, **counts, "scored": client is not None}


def dataclass_types() -> tuple[type, ...]:
    from trl import ModelConfig

    return (SampleArguments, ModelConfig)


def main(argv: list[str] | None = None) -> int:
    return run_job(JOB, dataclass_types(), sample, argv)


if __name__ == "__main__":
    sys.exit(main())
