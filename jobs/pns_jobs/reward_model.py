"""Reward model: TRL's RewardTrainer with the centred Bradley-Terry loss
`-log σ(r_w - r_l) + λ (r_w + r_l)²`, λ = `center_rewards_coefficient`, on (correct, incorrect)
pairs: `pns export --format trl-dpo` rows {prompt, chosen, rejected} (a `.pns` dataset is exported
with the job's prompt keys).

The saved model folder records the text form it was trained on (`pns_reward_input.json`: plain or
chat, template, system prompt, separator), so the scoring client and the reward server query it in
the same form. `head` picks the scalar: `score` (default) is a sequence classifier's head on the
last token; `likelihood` is the body's own log-likelihood of the response (likelihood_rm.py says
when that is the better verifier). With `eval_dataset`, the job measures held-out pairwise accuracy (share of pairs whose
chosen side scores higher) and the mean raw score of each side.

    pns run reward-model --config examples/tiny/reward-model.yaml [--run_dir DIR] [--resume]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .data import load_rows, resolve_dataset
from .job import JobArguments, JobContext, run_job
from .models import check_model, init_kwargs
from .prompts import SEPARATOR, input_format_record

JOB = "reward-model"
INPUT_RECORD = "pns_reward_input.json"


@dataclass
class RewardModelArguments(JobArguments):
    eval_dataset: str = field(default="", metadata={"help": "held-out pairs (.pns or trl-dpo JSONL) for pairwise accuracy"})
    head: str = field(default="score", metadata={"help": "score: a score head on the last token; likelihood: the body's log-likelihood of the response", "choices": ["score", "likelihood"]})


def pair_text(prompt: Any, response: Any) -> Any:
    """The text (or messages) the trainer scores for one side of a pair."""
    if isinstance(prompt, str):
        return prompt + (response if isinstance(response, str) else response[-1]["content"])
    return list(prompt) + list(response)


def raw_scores(model: Any, tokenizer: Any, inputs: Sequence[Any], batch_size: int = 64, eos: bool = True) -> list[float]:
    """The model's raw scalar score of each text (or message list, through the chat template),
    with EOS appended as TRL's reward trainer did in training (`eos`)."""
    import torch

    texts = [t if isinstance(t, str) else tokenizer.apply_chat_template(t, tokenize=False) for t in inputs]
    if eos and tokenizer.eos_token:
        texts = [t if t.endswith(tokenizer.eos_token) else t + tokenizer.eos_token for t in texts]
    device = next(model.parameters()).device
    scores: list[float] = []
    was_training = model.training
    model.eval()
    try:
        for start in range(0, len(texts), batch_size):
            batch = tokenizer(texts[start : start + batch_size], return_tensors="pt", padding=True).to(device)
            with torch.inference_mode():
                scores += model(**batch).logits[:, 0].float().tolist()
    finally:
        model.train(was_training)
    return scores


def pairwise_report(model: Any, tokenizer: Any, rows: Any) -> dict[str, Any]:
    chosen = raw_scores(model, tokenizer, [pair_text(r["prompt"], r["chosen"]) for r in rows])
    rejected = raw_scores(model, tokenizer, [pair_text(r["prompt"], r["rejected"]) for r in rows])
    wins = sum(c > r for c, r in zip(chosen, rejected))
    return {
        "pairs": len(chosen),
        "pairwise_accuracy": wins / max(1, len(chosen)),
        "mean_score_chosen": sum(chosen) / max(1, len(chosen)),
        "mean_score_rejected": sum(rejected) / max(1, len(rejected)),
    }


def likelihood_model(body: str, args: RewardModelArguments, ctx: JobContext) -> tuple[Any, Any]:
    """The likelihood head around the causal LM at `body`: its response starts after the prompt's
    separator, which only the plain text form has in a fixed place."""
    from transformers import AutoTokenizer

    from .likelihood_rm import from_language_model

    if args.conversational:
        raise ValueError("head: likelihood needs plain prompts (conversational: false): in chat form the response's start depends on the chat template")
    if ctx.model.use_peft:
        raise ValueError("head: likelihood trains the whole body: drop use_peft")
    tokenizer = AutoTokenizer.from_pretrained(body)
    return from_language_model(body, SEPARATOR, tokenizer, **(ctx.training.model_init_kwargs or {})), tokenizer


def train(ctx: JobContext) -> dict[str, Any]:
    from transformers import AutoTokenizer
    from trl import RewardTrainer, get_peft_config

    args: RewardModelArguments = ctx.args
    args.check_template()
    if args.head not in ("score", "likelihood"):
        raise ValueError(f"head: {args.head!r} is not one of score, likelihood")
    model = check_model(ctx.model.model_name_or_path)
    dataset = load_rows(resolve_dataset(args.dataset, "trl-dpo", ctx.run.path, args), ("chosen", "rejected"))
    if ctx.training.center_rewards_coefficient is None:
        print("[pns] center_rewards_coefficient is unset: plain Bradley-Terry loss, no centring", file=sys.stderr)
    init_kwargs(ctx.training, ctx.model)
    # A model name loads as a sequence classifier with its tokenizer; the likelihood head is built here.
    model, tokenizer = likelihood_model(model, args, ctx) if args.head == "likelihood" else (model, None)
    trainer = RewardTrainer(
        model=model,
        processing_class=tokenizer,
        args=ctx.training,
        train_dataset=dataset,
        peft_config=get_peft_config(ctx.model),
        callbacks=ctx.callbacks,
    )
    result = ctx.train_and_save(trainer)
    model_dir = Path(result["model"])
    (model_dir / INPUT_RECORD).write_text(json.dumps(input_format_record(args), indent=2) + "\n", encoding="utf-8")
    if args.eval_dataset:
        held_out = load_rows(resolve_dataset(args.eval_dataset, "trl-dpo", ctx.run.path / "eval", args), ("prompt", "chosen", "rejected"))
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
        report = pairwise_report(trainer.model, tokenizer, held_out)
        (ctx.run.outputs / "rm_eval.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        with ctx.run.metrics_file.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"step": result["steps"], "eval/pairwise_accuracy": report["pairwise_accuracy"]}) + "\n")
        print(f"[pns] held-out pairwise accuracy {report['pairwise_accuracy']:.3f} over {report['pairs']} pairs", flush=True)
        result.update(report)
    return result


def dataclass_types() -> tuple[type, ...]:
    from trl import ModelConfig, RewardConfig

    return (RewardModelArguments, RewardConfig, ModelConfig)


def main(argv: list[str] | None = None) -> int:
    return run_job(JOB, dataclass_types(), train, argv)


if __name__ == "__main__":
    sys.exit(main())
