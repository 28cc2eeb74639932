"""Supervised fine-tuning: TRL's SFTTrainer on the positive (reference or sampled correct) responses
of a `.pns` dataset, as prompt/completion rows so the loss covers the completion only.

Useful on its own to warm-start a generator, and how PNS-mini's base model is made
(examples/mini/sft.yaml, docs/mini.md): `init_shape: mini` builds a fresh random model of that shape
(seeded) inside the run, and `stop_at_pass1` stops training once the greedy pass@1 on `dev_dataset`
reaches the target, so the base model writes both right and wrong answers.

    python -m pns_jobs.sft --config examples/mini/sft.yaml [--run_dir DIR] [--resume]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data import DatasetError, load_problems
from .job import JobArguments, JobContext, run_job
from .models import check_model, init_kwargs
from .prompts import render_prompt
from .tiny_model import make_tokenizer_portable

JOB = "sft"


@dataclass
class SFTArguments(JobArguments):
    role: str = field(default="positive", metadata={"help": "which samples to learn from: positive (default) or negative"})
    init_shape: str = field(default="", metadata={"help": "start from a fresh random model of this shape (tiny|mini)"})
    dev_dataset: str = field(default="", metadata={"help": ".pns problems for the greedy pass@1 check"})
    pass1_every: int = field(default=0, metadata={"help": "check dev pass@1 every N steps (0: never)"})
    stop_at_pass1: float | None = field(default=None, metadata={"help": "stop once dev pass@1 reaches this"})
    pass1_max_new_tokens: int = 64


def sft_rows(problems: list[dict[str, Any]], keys: Any, role: str) -> list[dict[str, Any]]:
    rows = []
    for p in problems:
        prompt = render_prompt(str(p["problem"]), keys, p.get("meta"))
        for sample in p.get("samples") or []:
            if sample.get("role") == role and str(sample.get("text", "")).strip():
                completion = sample["text"] if isinstance(prompt, str) else [{"role": "assistant", "content": sample["text"]}]
                rows.append({"prompt": prompt, "completion": completion, "id": p["id"]})
    if not rows:
        raise DatasetError(f"no {role} samples to learn from")
    return rows


def pass1_callback(ctx: JobContext, model_holder: dict[str, Any], tokenizer: Any):  # -> TrainerCallback
    from transformers import TrainerCallback

    from .pass_rate import greedy_pass1

    args: SFTArguments = ctx.args
    dev = load_problems(args.dev_dataset, ctx.run.path, "dev")
    history: list[dict[str, float]] = []

    class Pass1Check(TrainerCallback):
        """Greedy dev pass@1 every `pass1_every` steps, logged as pns/dev_pass1; stops at the target."""

        def on_step_end(self, training_args, state, control, **_: Any):
            if state.global_step % args.pass1_every:
                return control
            value = greedy_pass1(model_holder["model"], tokenizer, dev, args, args.pass1_max_new_tokens)
            history.append({"step": state.global_step, "dev_pass1": value})
            print(f"[pns] step {state.global_step}: dev pass@1 {value:.3f}", flush=True)
            with ctx.run.metrics_file.open("a", encoding="utf-8") as out:
                out.write(json.dumps({"step": state.global_step, "pns/dev_pass1": value}) + "\n")
            if args.stop_at_pass1 is not None and value >= args.stop_at_pass1:
                print(f"[pns] dev pass@1 {value:.3f} reached stop_at_pass1 {args.stop_at_pass1}: stopping", flush=True)
                control.should_training_stop = True
                control.should_save = True
            return control

    return Pass1Check(), history


def train(ctx: JobContext) -> dict[str, Any]:
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTTrainer, get_peft_config

    args: SFTArguments = ctx.args
    args.check_template()
    if args.init_shape:
        from .tiny_model import ensure_tiny_model  # noqa: PLC0415 - only when building from scratch

        model_path = str(ensure_tiny_model(ctx.run.path / "init", seed=ctx.training.seed, shape=args.init_shape))
        print(f"[pns] fresh {args.init_shape} model (seed {ctx.training.seed}) -> {model_path}", flush=True)
    else:
        model_path = check_model(ctx.model.model_name_or_path)
    problems = load_problems(args.dataset, ctx.run.path, "train")
    dataset = Dataset.from_list(sft_rows(problems, args, args.role))
    print(f"[pns] {len(dataset)} {args.role} responses from {len(problems)} problems", flush=True)
    init_kwargs(ctx.training, ctx.model)
    tokenizer = AutoTokenizer.from_pretrained(model_path)
    model = AutoModelForCausalLM.from_pretrained(model_path)
    callbacks = list(ctx.callbacks)
    history: list[dict[str, float]] = []
    holder = {"model": model}
    if args.pass1_every > 0:
        if not args.dev_dataset:
            raise DatasetError("pass1_every needs dev_dataset: a .pns file of held-out problems")
        check, history = pass1_callback(ctx, holder, tokenizer)
        callbacks.append(check)
    trainer = SFTTrainer(
        model=model,
        args=ctx.training,
        train_dataset=dataset,
        processing_class=tokenizer,
        peft_config=get_peft_config(ctx.model),
        callbacks=callbacks,
    )
    holder["model"] = trainer.model
    result = ctx.train_and_save(trainer)
    tokenizer.save_pretrained(result["model"])
    make_tokenizer_portable(Path(result["model"]))
    if history:
        result["dev_pass1"] = history[-1]["dev_pass1"]
        (Path(result["model"]) / "pns_dev_pass1.json").write_text(json.dumps(history) + "\n", encoding="utf-8")
    return result


def dataclass_types() -> tuple[type, ...]:
    from trl import ModelConfig, SFTConfig

    return (SFTArguments, SFTConfig, ModelConfig)


def main(argv: list[str] | None = None) -> int:
    return run_job(JOB, dataclass_types(), train, argv)


if __name__ == "__main__":
    sys.exit(main())
