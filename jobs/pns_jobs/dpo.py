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


@dataclass
class DPOArguments(JobArguments):
    log_samples_per_step: int = field(default=DEFAULT_PER_STEP, metadata={"help": SAMPLES_HELP})

    def __post_init__(self) -> None:
        check_per_step(self.log_samples_per_step)


def train(ctx: JobContext) -> dict[str, Any]:
    from trl import get_peft_config

    from .pair_samples import PairSampleTrainer, prompt_index

    model = check_model(ctx.model.model_name_or_path)
    dataset = load_rows(resolve_dataset(ctx.args.dataset, "trl-dpo", ctx.run.path), ("prompt", "chosen", "rejected"))
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
