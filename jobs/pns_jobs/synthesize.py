"""Negative synthesis: sample K responses per problem from the generator, score them with the
reward server, grade them with our grader, and keep the N most plausible WRONG ones per problem as
`@negative` samples of a new `.pns` file (metadata: model, checkpoint, temperature, seed, scores).

    python -m pns_jobs.synthesize --config examples/tiny/synthesize.yaml

Sampling runs through an OpenAI-compatible endpoint when `endpoint_url` is set (vLLM in
production), else transformers `generate`. Needs PNS_REWARD_URL / PNS_REWARD_TOKEN.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data import load_rows, resolve_dataset
from .generation import SamplingSettings, generate_endpoint, generate_local
from .job import JobArguments, JobContext, run_job
from .models import check_model
from .pns_cli import export_pns, grade_pairs
from .pns_writer import PnsProblem, PnsSample, serialize
from .reward_bridge import RewardClient, text_of

JOB = "synthesize"


@dataclass
class SynthesizeArguments(JobArguments):
    num_samples: int = field(default=8, metadata={"help": "K: responses sampled per problem"})
    keep: int = field(default=2, metadata={"help": "N: wrong responses kept per problem (highest reward first)"})
    min_reward: float | None = field(default=None, metadata={"help": "drop wrong responses scoring below this"})
    temperature: float = 1.0
    top_p: float = 1.0
    max_new_tokens: int = 512
    seed: int = 0
    batch_size: int = 4
    checkpoint: str = field(default="", metadata={"help": "label written as checkpoint= (default: the model path)"})
    endpoint_url: str = field(default="", metadata={"help": "OpenAI-compatible base URL, e.g. http://host:8000/v1"})
    endpoint_model: str = field(default="", metadata={"help": "model name the endpoint serves"})
    output: str = field(default="", metadata={"help": ".pns file to write (default <run>/outputs/negatives.pns)"})


def select_negatives(
    samples: list[str], scores: list[dict[str, Any] | None], verdicts: list[dict[str, Any]], keep: int, floor: float | None
) -> list[tuple[int, str, dict[str, Any]]]:
    """The `keep` highest-reward samples the grader calls wrong (not equal to gold). Unscored
    samples and empty texts are never kept: nothing says they are plausible."""
    wrong = []
    for index, (text, score, verdict) in enumerate(zip(samples, scores, verdicts)):
        reward = score.get("reward") if score else None
        if not text.strip() or verdict.get("equal") or not isinstance(reward, (int, float)):
            continue
        if floor is not None and reward < floor:
            continue
        wrong.append((float(reward), index, text, score))
    wrong.sort(key=lambda item: (-item[0], item[1]))
    return [(index, text, score) for _reward, index, text, score in wrong[:keep]]


def scores_meta(score: dict[str, Any]) -> str:
    components = {k: v for k, v in (score.get("components") or {}).items() if isinstance(v, (int, float))}
    return json.dumps({"reward": score["reward"], **components}, separators=(",", ":"), sort_keys=True)


def original_problems(dataset: str, run_dir: Path) -> dict[str, dict[str, Any]]:
    """For a .pns source, its problems as written (lossless export), keyed by id; else nothing."""
    if not dataset.endswith(".pns"):
        return {}
    rows = export_pns(Path(dataset), "jsonl", run_dir / "data" / "problems.jsonl").read_text(encoding="utf-8")
    problems = [json.loads(line) for line in rows.splitlines() if line.strip()]
    return {str(p["id"]): p for p in problems if isinstance(p, dict) and "id" in p and "problem" in p}


def synthesize(ctx: JobContext) -> dict[str, Any]:
    args: SynthesizeArguments = ctx.args
    client = RewardClient.from_env()
    client.health()
    rows = load_rows(resolve_dataset(args.dataset, "grpo", ctx.run.path), ("prompt", "answer"))
    settings = SamplingSettings(args.num_samples, args.temperature, args.top_p, args.max_new_tokens, args.seed, args.batch_size)
    prompts = [row["prompt"] for row in rows]
    if args.endpoint_url:
        model_name = args.endpoint_model or "endpoint"
        completions = generate_endpoint(args.endpoint_url, model_name, prompts, settings)
    else:
        model_name = check_model(ctx.model.model_name_or_path)
        completions = generate_local(model_name, prompts, settings)
    print(f"[pns] sampled {sum(map(len, completions))} responses for {len(prompts)} problems", flush=True)

    flat = [(row, text) for row, group in zip(rows, completions) for text in group]
    scores = client.score([{"prompt": text_of(r["prompt"]), "completion": t, "answer": str(r["answer"])} for r, t in flat])
    verdicts = grade_pairs((str(r["answer"]), t) for r, t in flat)

    originals = original_problems(args.dataset, ctx.run.path)
    problems: list[PnsProblem] = []
    kept_total = 0
    offset = 0
    for index, (row, group) in enumerate(zip(rows, completions)):
        span = slice(offset, offset + len(group))
        offset += len(group)
        chosen = select_negatives(group, scores[span], verdicts[span], args.keep, args.min_reward)
        samples = [
            PnsSample(
                "negative",
                text,
                {
                    "model": model_name,
                    "checkpoint": args.checkpoint or model_name,
                    "temperature": f"{args.temperature:g}",
                    "seed": str(args.seed),
                    "sample": str(sample_index),
                    "kind": "synthesized",
                    "scores": scores_meta(score),
                },
            )
            for sample_index, text, score in chosen
        ]
        kept_total += len(samples)
        problem_id = str(row.get("id") or f"problem-{index + 1}")
        original = originals.get(problem_id)
        if original:  # the statement as written (not the prompt template) and its metadata
            problems.append(PnsProblem(problem_id, original["problem"], original["answer"], original.get("meta") or {}, samples))
        else:
            problems.append(PnsProblem(problem_id, text_of(row["prompt"]), str(row["answer"]), {}, samples))

    target = Path(args.output) if args.output else ctx.run.outputs / "negatives.pns"
    target.parent.mkdir(parents=True, exist_ok=True)
    header = [f"Negatives synthesized by pns synthesize from {args.dataset}: K={args.num_samples}, N={args.keep}."]
    temp = target.with_name(f".{target.name}.partial")
    temp.write_text(serialize(problems, header), encoding="utf-8")
    temp.replace(target)  # never a half-written .pns presented as the output
    print(f"[pns] kept {kept_total} plausible wrong responses -> {target}", flush=True)
    return {"pns": str(target), "problems": len(problems), "negatives": kept_total, "sampled": len(flat)}


def dataclass_types() -> tuple[type, ...]:
    from trl import ModelConfig

    return (SynthesizeArguments, ModelConfig)


def main(argv: list[str] | None = None) -> int:
    return run_job(JOB, dataclass_types(), synthesize, argv)


if __name__ == "__main__":
    sys.exit(main())
