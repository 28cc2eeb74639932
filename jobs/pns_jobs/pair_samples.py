"""DPO's pairs in samples.jsonl: at each logging step, the lowest-margin pairs of the batches since
the previous log, with margin = beta * ((logp_c - ref_logp_c) - (logp_r - ref_logp_r)).

TRL 1.13's DPOTrainer computes the per-pair implicit rewards inline in `_compute_loss` and keeps
only their batch means (`rewards/chosen`, `rewards/rejected`, `rewards/margins`); the per-pair
tensors leave that function only through `accelerator.gather`. Recomputing them would cost a
second reference forward per batch, so `PairSampleTrainer` instead watches the gather calls of one
`compute_loss` and picks the two tensors whose gathered means are exactly the `rewards/chosen` and
`rewards/rejected` values TRL has just recorded. Nothing is copied from TRL and nothing changes
what it computes. Should a later TRL stop matching, the trainer warns once and logs no pairs
rather than wrong ones.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import torch
from trl import DPOTrainer

from .samples import SampleLog, select_lowest

# (margin, chosen reward, rejected reward, prompt ids, chosen ids, rejected ids)
Pending = tuple[float, float, float, list[int], list[int], list[int]]


class _GatherTap:
    """Records (local input, gathered output) of every `accelerator.gather` while active."""

    def __init__(self, accelerator: Any) -> None:
        self.accelerator = accelerator
        self.calls: list[tuple[Any, Any]] = []
        self._shadowed: Any = None

    def __enter__(self) -> "_GatherTap":
        # Someone may have set an instance attribute already: put back exactly what was there.
        self._shadowed = vars(self.accelerator).get("gather")
        original: Callable[[Any], Any] = self.accelerator.gather

        def gather(tensor: Any) -> Any:
            out = original(tensor)
            self.calls.append((tensor, out))
            return out

        self.accelerator.gather = gather  # an instance attribute shadows the method for a moment
        return self

    def __exit__(self, *_: Any) -> None:
        if self._shadowed is None:
            del self.accelerator.gather
        else:
            self.accelerator.gather = self._shadowed

    def find(self, mean: float, size: int, skip: int = -1) -> int:
        """The index of the call whose local input has `size` elements and whose gathered output
        averages to exactly `mean` (computed as TRL computes the metric), or -1."""
        for index, (local, gathered) in enumerate(self.calls):
            if (
                index != skip
                and isinstance(local, torch.Tensor)
                and local.dim() == 1
                and local.numel() == size
                and gathered.mean().item() == mean
            ):
                return index
        return -1

    def local(self, index: int) -> torch.Tensor:
        return self.calls[index][0].detach().float().cpu()


class PairSampleTrainer(DPOTrainer):
    """DPOTrainer that also writes the lowest-margin pairs of each logging interval."""

    def __init__(
        self, *args: Any, sample_log: SampleLog, prompt_index: dict[str, dict[str, Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sample_log = sample_log
        self.prompt_index = prompt_index or {}  # decoded prompt text -> {problem_id, gold}
        self._pending: list[Pending] = []
        self._warned = False

    def compute_loss(self, model: Any, inputs: Any, return_outputs: bool = False, num_items_in_batch: Any = None) -> Any:
        if not (self.sample_log.enabled and self.model.training):
            return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
        with _GatherTap(self.accelerator) as tap:
            result = super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
        self._collect(tap, inputs)
        return result

    def _collect(self, tap: _GatherTap, inputs: dict[str, Any]) -> None:
        metrics = self._metrics["train"]
        pairs = inputs["input_ids"].shape[0] // 2  # the batch is [chosen..., rejected...]
        found = -1, -1
        if metrics.get("rewards/chosen") and metrics.get("rewards/rejected"):
            c = tap.find(metrics["rewards/chosen"][-1], pairs)
            # Distinct from the chosen one unless only one matches (equal means, e.g. all zeros at
            # the first step, where the values are the same anyway).
            r = tap.find(metrics["rewards/rejected"][-1], pairs, skip=c)
            found = c, r if r >= 0 else tap.find(metrics["rewards/rejected"][-1], pairs)
        if found[0] < 0 or found[1] < 0:
            if not self._warned:
                self._warned = True
                print(
                    "[pns] samples.jsonl: cannot find DPO's per-pair rewards in this TRL version; no pairs logged",
                    file=sys.stderr,
                    flush=True,
                )
            return
        chosen, rejected = tap.local(found[0]), tap.local(found[1])
        margins = (chosen - rejected).tolist()
        keep = select_lowest(margins, self.sample_log.per_step)
        ids, completion, attention = (
            inputs[k].detach().cpu() for k in ("input_ids", "completion_mask", "attention_mask")
        )
        for i in keep:
            prompt = ids[i][(attention[i] == 1) & (completion[i] == 0)].tolist()
            self._pending.append(
                (
                    margins[i],
                    float(chosen[i]),
                    float(rejected[i]),
                    prompt,
                    ids[i][completion[i] == 1].tolist(),
                    ids[i + pairs][completion[i + pairs] == 1].tolist(),
                )
            )
        # Only the lowest can ever be written: the buffer stays within one step's budget.
        self._pending.sort(key=lambda p: p[0])
        del self._pending[self.sample_log.per_step :]

    def log(self, logs: dict[str, float], start_time: float | None = None) -> None:
        if self.model.training and self._pending:
            step = self.state.global_step  # the step MetricsCallback writes for this same log event
            self.sample_log.write(step, [self._row(step, p) for p in self._pending])
            self._pending.clear()
        super().log(logs, start_time)

    def _row(self, step: int, pending: Pending) -> dict[str, Any]:
        margin, chosen_reward, rejected_reward, prompt, chosen, rejected = pending
        decode = self.processing_class.decode  # type: ignore[union-attr]
        text = decode(prompt, skip_special_tokens=True)
        row: dict[str, Any] = {
            "step": step,
            "kind": "pair",
            "prompt": text,
            "chosen": decode(chosen, skip_special_tokens=True),
            "rejected": decode(rejected, skip_special_tokens=True),
            "margin": margin,
            "rewards/chosen": chosen_reward,
            "rewards/rejected": rejected_reward,
        }
        row.update(self.prompt_index.get(text, {}))
        return row


def prompt_index(dataset: Any) -> dict[str, dict[str, Any]]:
    """Decoded prompt -> {problem_id, gold} from the dataset's `id`/`answer` columns, which the
    trainer drops before batching (it keeps only token ids)."""
    columns = set(dataset.column_names)
    if "prompt" not in columns or not columns & {"id", "answer"}:
        return {}
    prompts = dataset["prompt"]  # columnar reads: row-by-row iteration is slow on large datasets
    ids = dataset["id"] if "id" in columns else [None] * len(prompts)
    answers = dataset["answer"] if "answer" in columns else [None] * len(prompts)
    index: dict[str, dict[str, Any]] = {}
    for prompt, problem, gold in zip(prompts, ids, answers):
        if not isinstance(prompt, str):
            continue  # conversational prompts decode with the chat template: no exact match to look up
        extra: dict[str, Any] = {}
        if problem is not None:
            extra["problem_id"] = str(problem)
        if gold is not None:
            extra["gold"] = str(gold)
        index.setdefault(prompt, extra)
    return index
