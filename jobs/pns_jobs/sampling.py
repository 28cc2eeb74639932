"""What the jobs that sample from a model share (`sample`, `synthesize`): the sampling keys, the
engine choice (transformers on the model's device, vLLM's offline engine, or an OpenAI-compatible
endpoint), splitting problems across ranks under `accelerate launch`, and scoring + grading every
response with the same engine the editor uses.

Under accelerate each rank samples `problems[rank::world]`, writes its shard atomically, and rank 0
merges the shards in problem order; the other ranks end once their shard is written."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .generation import SamplingSettings, generate_endpoint, generate_local, generate_vllm, vllm_available
from .job import JobArguments, JobContext
from .models import check_model
from .pns_cli import grade_pairs
from .prompts import render_prompt
from .reward_bridge import RewardClient, outcome, scored

ENGINES = ("auto", "transformers", "vllm", "endpoint")


@dataclass
class SamplingArguments(JobArguments):
    num_samples: int = field(default=8, metadata={"help": "K: responses sampled per problem"})
    temperature: float = 1.0
    top_p: float = 1.0
    max_new_tokens: int = 512
    seed: int = 0
    batch_size: int = 16
    engine: str = field(default="auto", metadata={"help": "auto | transformers | vllm | endpoint"})
    endpoint_url: str = field(default="", metadata={"help": "OpenAI-compatible base URL, e.g. http://host:8000/v1"})
    endpoint_model: str = field(default="", metadata={"help": "model name the endpoint serves"})
    endpoint_concurrency: int = field(default=8, metadata={"help": "endpoint requests in flight"})
    limit: int = field(default=0, metadata={"help": "at most this many problems (0 = all)"})
    output: str = field(default="", metadata={"help": ".pns file to write (default <run>/outputs/<job>.pns)"})

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"engine {self.engine!r} is not one of {', '.join(ENGINES)}")
        if self.engine == "endpoint" and not self.endpoint_url:
            raise ValueError("engine: endpoint needs endpoint_url (an OpenAI-compatible base URL)")
        if self.num_samples < 1:
            raise ValueError("num_samples must be at least 1")
        if self.temperature <= 0 and self.num_samples > 1:
            raise ValueError("num_samples > 1 needs temperature > 0: greedy decoding gives k identical samples")
        self.check_template()

    def settings(self) -> SamplingSettings:
        return SamplingSettings(
            self.num_samples, self.temperature, self.top_p, self.max_new_tokens, self.seed, self.batch_size, self.endpoint_concurrency
        )


def rank_and_world() -> tuple[int, int]:
    return int(os.environ.get("RANK", "0")), int(os.environ.get("WORLD_SIZE", "1"))


def generate(args: SamplingArguments, model_path: str | None, prompts: Sequence[Any]) -> tuple[str, list[list[str]]]:
    """(model label, completions per prompt) with the engine the config asks for."""
    engine = args.engine
    if engine == "auto":
        engine = "endpoint" if args.endpoint_url else "vllm" if vllm_available() and _has_cuda() else "transformers"
    if engine == "endpoint":
        return args.endpoint_model or "endpoint", generate_endpoint(args.endpoint_url, args.endpoint_model, prompts, args.settings())
    model = check_model(model_path)
    if engine == "vllm":
        if not vllm_available():
            raise RuntimeError("engine: vllm, but vLLM is not installed: `bash jobs/setup-venv.sh --gpu`, or engine: transformers")
        return model, generate_vllm(model, prompts, args.settings())
    return model, generate_local(model, prompts, args.settings())


def _has_cuda() -> bool:
    try:
        import torch

        return bool(torch.cuda.is_available())
    except ImportError:
        return False


def sample_problems(
    ctx: JobContext, problems: list[dict[str, Any]], model_path: str | None = None, shard_name: str = "shard"
) -> tuple[str, list[list[str]]] | None:
    """Samples this rank's share; on rank 0 returns every problem's completions in order, on the
    other ranks None (their shard is on disk for rank 0). `model_path` defaults to the config's."""
    args: SamplingArguments = ctx.args
    rank, world = rank_and_world()
    mine = problems[rank::world]
    prompts = [render_prompt(str(p["problem"]), args, p.get("meta")) for p in mine]
    model = model_path or (ctx.model.model_name_or_path if ctx.model else None)
    model_name, completions = generate(args, model, prompts)
    if world == 1:
        return model_name, completions
    shards = ctx.run.path / "shards" / shard_name
    shards.mkdir(parents=True, exist_ok=True)
    target = shards / f"rank-{rank}.json"
    temp = target.with_suffix(".partial")
    temp.write_text(json.dumps({"model": model_name, "completions": completions}), encoding="utf-8")
    temp.replace(target)
    if rank != 0:
        return None
    merged: list[list[str]] = [[] for _ in problems]
    for r in range(world):
        shard = shards / f"rank-{r}.json"
        while not shard.exists():  # the ranks run in parallel; accelerate ends us if one fails
            time.sleep(0.5)
        data = json.loads(shard.read_text(encoding="utf-8"))
        for offset, group in enumerate(data["completions"]):
            merged[r + offset * world] = group
    return model_name, merged


@dataclass
class ScoredResponse:
    text: str
    index: int
    verdict: dict[str, Any]
    score: dict[str, Any] | None

    @property
    def grade(self) -> str:
        """correct | wrong | ungradable, by our grader (the same verdict the editor shows)."""
        if self.verdict.get("gradable") is False:
            return "ungradable"
        return "correct" if self.verdict.get("equal") else "wrong"

    @property
    def reward(self) -> float | None:
        result = scored(self.score)
        return float(result["reward"]) if result else None

    @property
    def outcome(self) -> str:
        return outcome(self.score) if self.score is not None else self.grade

    def scores_meta(self) -> str | None:
        if not self.score:
            return None
        components = {k: v for k, v in (self.score.get("components") or {}).items() if isinstance(v, (int, float))}
        return json.dumps({"reward": self.score.get("reward"), **components}, separators=(",", ":"), sort_keys=True)


def score_and_grade(problems: list[dict[str, Any]], prompts: list[Any], completions: list[list[str]], client: RewardClient | None) -> list[list[ScoredResponse]]:
    """Every response graded (pns grade) and, with a reward server, scored; grouped per problem."""
    flat = [(p, prompt, text) for p, prompt, group in zip(problems, prompts, completions) for text in group]
    verdicts = grade_pairs((str(p["answer"]), text) for p, _, text in flat)
    scores: list[dict[str, Any] | None] = [None] * len(flat)
    if client is not None and flat:
        scores = client.score(
            [{"prompt": prompt if isinstance(prompt, str) else prompt[-1]["content"], "completion": t, "answer": str(p["answer"])} for p, prompt, t in flat]
        )
    out, offset = [], 0
    for group in completions:
        out.append([ScoredResponse(text, i, verdicts[offset + i], scores[offset + i]) for i, text in enumerate(group)])
        offset += len(group)
    return out


def reward_client_if_any() -> RewardClient | None:
    if not os.environ.get("PNS_REWARD_URL"):
        return None
    client = RewardClient.from_env()
    client.health()
    return client


def write_pns_atomic(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.partial")
    temp.write_text(text, encoding="utf-8")
    temp.replace(target)  # never a half-written .pns presented as the output
