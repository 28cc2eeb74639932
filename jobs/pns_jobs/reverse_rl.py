"""Reverse RL: TRL's GRPOTrainer rewarded by `pns serve-reward` (format, accuracy inversion,
reward-model and judge components), so the generator learns plausible wrong solutions.

    python -m pns_jobs.reverse_rl --config examples/tiny/reverse-rl.yaml [--run_dir DIR] [--resume]

Needs PNS_REWARD_URL / PNS_REWARD_TOKEN (`pns run` starts the server and sets them). The dataset is
`pns export --format grpo` output: rows {prompt, answer, id}.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from .data import load_rows, resolve_dataset
from .job import JobArguments, JobContext, run_job
from .models import check_model, init_kwargs
from .reward_bridge import RewardClient, check_component_names, make_reward_functions
from .rollout_samples import RolloutLog
from .samples import DEFAULT_PER_STEP, SAMPLES_HELP, SampleLog, check_per_step

JOB = "reverse-rl"


@dataclass
class ReverseRLArguments(JobArguments):
    reward_components: list[str] = field(
        default_factory=list,
        metadata={
            "help": "component names of the reward server's response to log as rewards/pns_<name>/mean "
            "(weight 0: only the composite `reward` trains)"
        },
    )
    log_samples_per_step: int = field(default=DEFAULT_PER_STEP, metadata={"help": SAMPLES_HELP})

    def __post_init__(self) -> None:
        check_per_step(self.log_samples_per_step)
        check_component_names(self.reward_components)


def train(ctx: JobContext) -> dict[str, Any]:
    from trl import GRPOTrainer, get_peft_config

    ctx.args.check_template()
    model = check_model(ctx.model.model_name_or_path)
    client = RewardClient.from_env()
    client.health()  # fail in seconds, before the model loads, if the server is not there
    dataset = load_rows(resolve_dataset(ctx.args.dataset, "grpo", ctx.run.path, ctx.args), ("prompt", "answer"))
    components = list(ctx.args.reward_components)
    ctx.training.reward_weights = [1.0] + [0.0] * len(components)
    init_kwargs(ctx.training, ctx.model)
    rollouts = RolloutLog(SampleLog(ctx.run.samples_file, ctx.args.log_samples_per_step))
    trainer = GRPOTrainer(
        model=model,
        reward_funcs=make_reward_functions(components, client, rollouts),
        args=ctx.training,
        train_dataset=dataset,
        peft_config=get_peft_config(ctx.model),
        callbacks=ctx.callbacks,
    )
    rollouts.is_training = lambda: bool(trainer.model.training)
    return ctx.train_and_save(trainer)


def dataclass_types() -> tuple[type, ...]:
    from trl import GRPOConfig, ModelConfig

    return (ReverseRLArguments, GRPOConfig, ModelConfig)


def main(argv: list[str] | None = None) -> int:
    return run_job(JOB, dataclass_types(), train, argv)


if __name__ == "__main__":
    sys.exit(main())
