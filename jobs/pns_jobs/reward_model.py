"""Reward model: TRL's RewardTrainer with the centred Bradley-Terry loss
`-log σ(r_w - r_l) + λ (r_w + r_l)²`, λ = `center_rewards_coefficient`, on (correct, incorrect)
pairs from `pns export --format trl-dpo` rows {prompt, chosen, rejected}.

    python -m pns_jobs.reward_model --config examples/tiny/reward-model.yaml [--run_dir DIR] [--resume]
"""

from __future__ import annotations

import sys
from typing import Any

from .data import load_rows, resolve_dataset
from .job import JobArguments, JobContext, run_job
from .models import check_model, init_kwargs

JOB = "reward-model"


def train(ctx: JobContext) -> dict[str, Any]:
    from trl import RewardTrainer, get_peft_config

    model = check_model(ctx.model.model_name_or_path)
    dataset = load_rows(resolve_dataset(ctx.args.dataset, "trl-dpo", ctx.run.path), ("chosen", "rejected"))
    if ctx.training.center_rewards_coefficient is None:
        print("[pns] center_rewards_coefficient is unset: plain Bradley-Terry loss, no centring", file=sys.stderr)
    init_kwargs(ctx.training, ctx.model)
    trainer = RewardTrainer(
        model=model,
        args=ctx.training,
        train_dataset=dataset,
        peft_config=get_peft_config(ctx.model),
        callbacks=ctx.callbacks,
    )
    return ctx.train_and_save(trainer)


def dataclass_types() -> tuple[type, ...]:
    from trl import ModelConfig, RewardConfig

    return (JobArguments, RewardConfig, ModelConfig)


def main(argv: list[str] | None = None) -> int:
    return run_job(JOB, dataclass_types(), train, argv)


if __name__ == "__main__":
    sys.exit(main())
