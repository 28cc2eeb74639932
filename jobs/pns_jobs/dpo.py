"""DPO: TRL's DPOTrainer on `pns export --format trl-dpo` rows {prompt, chosen, rejected}, where the
rejected side is a plausible negative.

    python -m pns_jobs.dpo --config examples/tiny/dpo.yaml [--run_dir DIR] [--resume]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from .data import load_rows, resolve_dataset
from .job import JobArguments, JobContext, run_job
from .models import check_model, init_kwargs
from .samples import DEFAULT_PER_STEP, SAMPLES_HELP, SampleLog, check_per_step

JOB = "dpo"


LENGTH_POLICIES = ("fit", "keep")


@dataclass
class DPOArguments(JobArguments):
    log_samples_per_step: int = field(default=DEFAULT_PER_STEP, metadata={"help": SAMPLES_HELP})
    length_policy: str = field(
        default="fit",
        metadata={
            "help": "fit: raise max_length to the longest pair of the dataset, so no solution loses its end "
            "(where a plausible negative departs from the correct one); keep: use max_length as configured "
            "and warn with the share of pairs it cuts"
        },
    )

    def __post_init__(self) -> None:
        check_per_step(self.log_samples_per_step)
        if self.length_policy not in LENGTH_POLICIES:
            raise ValueError(f"length_policy {self.length_policy!r} is not one of {', '.join(LENGTH_POLICIES)}")


def pair_lengths(tokenizer: Any, rows: Any) -> list[int]:
    """Tokens of prompt + the longer side of each pair (what DPO's max_length cuts)."""
    def count(prompt: Any, response: Any) -> int:
        if isinstance(prompt, str):
            return len(tokenizer(prompt + response, add_special_tokens=True)["input_ids"])
        return len(tokenizer.apply_chat_template(list(prompt) + list(response), tokenize=True))

    return [max(count(r["prompt"], r["chosen"]), count(r["prompt"], r["rejected"])) for r in rows]


def apply_length_policy(args: "DPOArguments", training: Any, lengths: list[int]) -> str:
    """Sets or checks `training.max_length`; returns the line that says what happened."""
    longest = max(lengths) if lengths else 0
    configured = training.max_length
    if args.length_policy == "fit":
        training.max_length = max(longest, 1)
        return f"[pns] max_length {training.max_length}: the longest of {len(lengths)} pairs (length_policy fit; was {configured})"
    if configured is None:
        return f"[pns] max_length unset: no pair is cut (longest {longest} tokens)"
    cut = sum(n > configured for n in lengths)
    if cut == 0:
        return f"[pns] max_length {configured} keeps every pair whole (longest {longest} tokens)"
    return (
        f"[pns] warning: max_length {configured} cuts the end of {cut} of {len(lengths)} pairs "
        f"({100 * cut / len(lengths):.1f}%, longest {longest} tokens): set max_length: {longest} or length_policy: fit"
    )


def train(ctx: JobContext) -> dict[str, Any]:
    from trl import get_peft_config

    from .pair_samples import PairSampleTrainer, prompt_index

    from transformers import AutoTokenizer

    ctx.args.check_template()
    model = check_model(ctx.model.model_name_or_path)
    dataset = load_rows(resolve_dataset(ctx.args.dataset, "trl-dpo", ctx.run.path, ctx.args), ("prompt", "chosen", "rejected"))
    print(apply_length_policy(ctx.args, ctx.training, pair_lengths(AutoTokenizer.from_pretrained(model), dataset)), flush=True)
    init_kwargs(ctx.training, ctx.model)
    trainer = PairSampleTrainer(
        sample_log=SampleLog(ctx.run.samples_file, ctx.args.log_samples_per_step),
        prompt_index=prompt_index(dataset),
        model=model,
        args=ctx.training,
        train_dataset=dataset,
        peft_config=get_peft_config(ctx.model),
        callbacks=ctx.callbacks,
    )
    return ctx.train_and_save(trainer)


def dataclass_types() -> tuple[type, ...]:
    from trl import DPOConfig, ModelConfig

    return (DPOArguments, DPOConfig, ModelConfig)


def main(argv: list[str] | None = None) -> int:
    return run_job(JOB, dataclass_types(), train, argv)


if __name__ == "__main__":
    sys.exit(main())
