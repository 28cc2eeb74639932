"""Negative synthesis: sample K responses per problem from the generator, score them with the
reward server, grade them with our grader, and keep the N most plausible WRONG ones per problem as
`@negative` samples of a new `.pns` file (metadata: model, checkpoint, temperature, seed, scores).

Plausibility floors by default: a kept response is wrong by the grader (ungradable is not wrong),
well-formed, scored, and its composite is at least `min_reward` (default: the run's reward config
`implausibleThreshold`, the level below which the editor calls a negative implausible). The floors
and how many responses each one dropped go into the output's header and the run's outputs.

    pns run synthesize --config examples/tiny/synthesize.yaml
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data import load_problems
from .job import JobContext, run_job
from .pns_writer import PnsProblem, PnsSample, serialize
from .prompts import render_prompt
from .reward_bridge import RewardClient
from .sampling import SamplingArguments, ScoredResponse, sample_problems, score_and_grade, write_pns_atomic

JOB = "synthesize"
# docs/reward.md: the default implausibleThreshold of pns.config.json, used when the run has no
# resolved reward config to read it from (a job started by hand); the output says which applied.
DEFAULT_IMPLAUSIBLE_THRESHOLD = 0.5


@dataclass
class SynthesizeArguments(SamplingArguments):
    keep: int = field(default=2, metadata={"help": "N: wrong responses kept per problem (highest reward first)"})
    min_reward: float | None = field(
        default=None, metadata={"help": "drop wrong responses scoring below this (default: the reward config's implausibleThreshold)"}
    )
    checkpoint: str = field(default="", metadata={"help": "label written as checkpoint= (default: the model path)"})


def reward_floor(args: SynthesizeArguments, run_dir: Path) -> tuple[float, str]:
    """The floor and where it came from."""
    if args.min_reward is not None:
        return float(args.min_reward), "min_reward"
    record = run_dir / "reward-config.json"
    if record.is_file():
        try:
            value = json.loads(record.read_text(encoding="utf-8")).get("implausibleThreshold")
        except json.JSONDecodeError:
            value = None
        if isinstance(value, (int, float)):
            return float(value), f"implausibleThreshold of {record.name}"
    return DEFAULT_IMPLAUSIBLE_THRESHOLD, "default implausibleThreshold (no reward-config.json in the run)"


def select_negatives(responses: list[ScoredResponse], keep: int, floor: float, counts: dict[str, int]) -> list[ScoredResponse]:
    """The `keep` highest-reward responses that pass every floor; `counts` tallies why others went."""
    passing = []
    for response in responses:
        reason = drop_reason(response, floor)
        if reason:
            counts[reason] = counts.get(reason, 0) + 1
            continue
        passing.append(response)
    passing.sort(key=lambda r: (-(r.reward or 0.0), r.index))
    counts["beyond_keep"] = counts.get("beyond_keep", 0) + max(0, len(passing) - keep)
    return passing[:keep]


def drop_reason(response: ScoredResponse, floor: float) -> str | None:
    if not response.text.strip():
        return "empty"
    if response.grade != "wrong":
        return response.grade  # correct, or ungradable: unsure is not wrong
    if response.outcome == "malformed":
        return "malformed"
    if response.reward is None:
        return "unscored"
    if response.reward < floor:
        return "below_floor"
    return None


def synthesize(ctx: JobContext) -> dict[str, Any]:
    args: SynthesizeArguments = ctx.args
    client = RewardClient.from_env()
    client.health()
    floor, floor_source = reward_floor(args, ctx.run.path)
    print(f"[pns] plausibility floor: composite >= {floor:g} ({floor_source}); wrong, well-formed, gradable only", flush=True)
    problems = load_problems(args.dataset, ctx.run.path)
    if args.limit:
        problems = problems[: args.limit]
    drawn = sample_problems(ctx, problems)
    if drawn is None:
        return {"shard": True}
    model_name, completions = drawn
    print(f"[pns] sampled {sum(map(len, completions))} responses for {len(problems)} problems", flush=True)
    prompts = [render_prompt(str(p["problem"]), args, p.get("meta")) for p in problems]
    graded = score_and_grade(problems, prompts, completions, client)

    counts: dict[str, int] = {}
    out: list[PnsProblem] = []
    kept_total = 0
    for problem, responses in zip(problems, graded):
        chosen = select_negatives(responses, args.keep, floor, counts)
        samples = [
            PnsSample(
                "negative",
                r.text,
                {
                    "model": model_name,
                    "checkpoint": args.checkpoint or model_name,
                    "temperature": f"{args.temperature:g}",
                    "seed": str(args.seed),
                    "sample": str(r.index),
                    "kind": "synthesized",
                    "scores": r.scores_meta() or "{}",
                },
            )
            for r in chosen
        ]
        kept_total += len(samples)
        meta = {str(k): str(v) for k, v in (problem.get("meta") or {}).items()}
        out.append(PnsProblem(str(problem["id"]), str(problem["problem"]), str(problem["answer"]), meta, samples))

    target = Path(args.output) if args.output else ctx.run.outputs / "negatives.pns"
    dropped = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
    header = [
        f"Negatives synthesized by pns synthesize from {args.dataset}: K={args.num_samples}, N={args.keep}.",
        f"Floors: wrong (graded), well-formed, scored, composite >= {floor:g} ({floor_source}).",
        f"Dropped: {dropped}.",
    ]
    write_pns_atomic(target, serialize(out, header))
    print(f"[pns] kept {kept_total} plausible wrong responses -> {target} (dropped: {dropped})", flush=True)
    return {
        "pns": str(target),
        "problems": len(problems),
        "negatives": kept_total,
        "sampled": sum(map(len, completions)),
        "floor": floor,
        "floor_source": floor_source,
        "dropped": counts,
    }


def dataclass_types() -> tuple[type, ...]:
    from trl import ModelConfig

    return (SynthesizeArguments, ModelConfig)


def main(argv: list[str] | None = None) -> int:
    return run_job(JOB, dataclass_types(), synthesize, argv)


if __name__ == "__main__":
    sys.exit(main())
