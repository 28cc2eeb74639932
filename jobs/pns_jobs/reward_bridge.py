"""TRL reward functions that ask `pns serve-reward`, so the reward in training is exactly the reward
the editor shows.

`make_reward_functions(components)` returns async functions for GRPOTrainer: first the composite
(`pns_reward`), then one per component (`pns_<component>`, weight 0 in the trainer) so that TRL
logs `rewards/pns_<component>/mean` for each. All of them share ONE HTTP request per batch: the
first to run starts it and the others await the same result. The component set is fixed at start
so every rank logs the same metric names (TRL gathers metrics across ranks by name).

Server contract: `POST {url}/v1/reward` with `Authorization: Bearer <token>` and
`{"items": [{"prompt", "completion", "answer"}]}` returns `{"results": [{"reward", "components",
"reasons", "used", "gradable"?} | null], "stats"?: {"remote_calls", "remote_wait_s"}}`; a null result
or a null `reward` means "cannot score": every function then returns None for that row (TRL skips
it), and `pns/unscored_frac` counts it.

With a `RolloutLog` (rollout_samples.py), each scored batch's most telling rollouts also go to the
run's samples.jsonl, once per batch like the request.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Sequence

if TYPE_CHECKING:
    from .rollout_samples import RolloutLog

RewardFunction = Callable[..., Awaitable[list[float | None]]]


class RewardServerError(RuntimeError):
    """The reward server is unreachable, refused the token, or answered nonsense."""


def text_of(value: Any) -> str:
    """A completion or prompt as text: strings pass; chat messages give the last message's content."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and isinstance(value[-1], dict):
        return str(value[-1].get("content", ""))
    return str(value)


@dataclass
class RewardClient:
    url: str
    token: str
    timeout: float = 300.0
    retries: int = 3
    backoff: float = 0.5
    max_batch: int = 2048

    @classmethod
    def from_env(cls) -> "RewardClient":
        url = os.environ.get("PNS_REWARD_URL", "").rstrip("/")
        if not url:
            raise RewardServerError(
                "PNS_REWARD_URL is not set: start `pns serve-reward --port 0` and export the "
                "PNS_REWARD_URL and PNS_REWARD_TOKEN lines it prints (`pns run` does this for you)"
            )
        retries = int(os.environ.get("PNS_REWARD_RETRIES", "3"))
        return cls(url=url, token=os.environ.get("PNS_REWARD_TOKEN", ""), retries=retries)

    def _request(self, method: str, path: str, body: bytes | None) -> bytes:
        request = urllib.request.Request(f"{self.url}{path}", data=body, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as error:
                if error.code in (401, 403):
                    raise RewardServerError(
                        f"reward server {self.url} refused the token (HTTP {error.code}): "
                        "PNS_REWARD_TOKEN must be the token `pns serve-reward` printed"
                    ) from error
                if error.code < 500 and error.code != 429:
                    detail = error.read().decode("utf-8", "replace")[:300]
                    raise RewardServerError(f"reward server {self.url} rejected the request: HTTP {error.code} {detail}")
                last = error
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                last = error
        raise RewardServerError(
            f"reward server {self.url} failed after {self.retries + 1} attempts ({last}): "
            "is `pns serve-reward` still running?"
        )

    def health(self) -> None:
        self._request("GET", "/health", None)

    def score(self, items: Sequence[dict[str, Any]]) -> list[dict[str, Any] | None]:
        return self.score_with_stats(items)[0]

    def score_with_stats(self, items: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any] | None], dict[str, float]]:
        """The results, and the server's `stats` (remote calls and wait, summed over requests) when
        it sends them. Sent in batches of `max_batch` items: the server refuses bigger requests
        (`pns serve-reward --max-items`, 10,000 by default), and `sample` scores every response
        of a run at once (2,000 problems × 8 samples is 16,000)."""
        results: list[dict[str, Any] | None] = []
        totals: dict[str, float] = {}
        for start in range(0, len(items), self.max_batch):
            part, stats = self._score_batch(items[start : start + self.max_batch])
            results += part
            for key, value in stats.items():
                totals[key] = totals.get(key, 0.0) + value
        return results, totals

    def _score_batch(self, items: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any] | None], dict[str, float]]:
        raw = self._request("POST", "/v1/reward", json.dumps({"items": list(items)}).encode("utf-8"))
        try:
            body = json.loads(raw)
            results = body["results"]
        except (ValueError, KeyError, TypeError) as error:
            raise RewardServerError(f"reward server {self.url} answered without a 'results' list") from error
        if not isinstance(results, list) or len(results) != len(items):
            got = len(results) if isinstance(results, list) else "no"
            raise RewardServerError(f"reward server returned {got} results for {len(items)} items")
        stats = body.get("stats") if isinstance(body.get("stats"), dict) else {}
        numbers = {k: float(v) for k, v in stats.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        return [r if isinstance(r, dict) else None for r in results], numbers


def as_float(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def scored(result: dict[str, Any] | None) -> dict[str, Any] | None:
    """The result when its composite is a number; None when it cannot be scored. A null composite
    must reach TRL as None from EVERY reward function, components included: TRL skips a row only
    when all functions return None, and otherwise sums the missing one as 0, the reward of a
    correct answer."""
    return result if result is not None and as_float(result.get("reward")) is not None else None


def outcome(result: dict[str, Any] | None) -> str:
    """malformed | correct | wrong | ungradable | unscored, read from the server's result: the
    composite pays only format for a malformed response, and accuracy is 1 exactly when the answer
    differs from the gold (docs/reward.md)."""
    if result is None:
        return "unscored"
    if result.get("gradable") is False:
        return "ungradable"
    if list(result.get("used") or []) == ["format"]:
        return "malformed"
    accuracy = as_float((result.get("components") or {}).get("accuracy"))
    if accuracy is None:
        return "ungradable"
    if as_float(result.get("reward")) is None:
        return "unscored"
    return "wrong" if accuracy >= 0.5 else "correct"


def batch_metrics(results: Sequence[dict[str, Any] | None]) -> dict[str, float]:
    """Shares that show what the generator writes: a run that games one component shows up here."""
    n = max(1, len(results))
    kinds = [outcome(r) for r in results]
    return {
        "pns/unscored_frac": sum(scored(r) is None for r in results) / n,
        "pns/wrong_frac": kinds.count("wrong") / n,
        "pns/correct_frac": kinds.count("correct") / n,
        "pns/malformed_frac": kinds.count("malformed") / n,
        "pns/ungradable_frac": kinds.count("ungradable") / n,
        "pns/wellformed_frac": 1 - kinds.count("malformed") / n,
    }


class BatchScorer:
    """Scores one batch once, however many reward functions ask for it."""

    def __init__(self, client: RewardClient, rollouts: "RolloutLog | None" = None) -> None:
        self.client = client
        self.rollouts = rollouts
        self._key: int | None = None
        self._pending: asyncio.Future[list[dict[str, Any] | None]] | None = None

    async def results(
        self,
        prompts: list[Any],
        completions: list[Any],
        answers: list[Any] | None,
        log_metric: Callable | None,
        extra: dict[str, Any] | None = None,
    ) -> list[dict[str, Any] | None]:
        """`extra` holds TRL's other keyword arguments (`trainer_state`, the `id` column): only the
        rollout log reads them."""
        # Keyed by content, not identity: list ids are reused once a batch is freed. Two batches
        # with identical text would share a score, which is the same score anyway.
        key = hash((tuple(map(text_of, prompts)), tuple(map(text_of, completions))))
        if self._key != key or self._pending is None:
            self._key = key
            self._pending = asyncio.ensure_future(self._fetch(prompts, completions, answers, log_metric, extra or {}))
        return await asyncio.shield(self._pending)

    async def _fetch(
        self,
        prompts: list[Any],
        completions: list[Any],
        answers: list[Any] | None,
        log_metric: Callable | None,
        extra: dict[str, Any],
    ) -> list[dict[str, Any] | None]:
        items = [
            {
                "prompt": text_of(p),
                "completion": text_of(c),
                "answer": "" if answers is None or answers[i] is None else str(answers[i]),
            }
            for i, (p, c) in enumerate(zip(prompts, completions))
        ]
        started = time.perf_counter()
        results, stats = await asyncio.to_thread(self.client.score_with_stats, items)
        if log_metric is not None:
            # Seconds this rank waited for the reward server in this batch: step-time share.
            log_metric("pns/reward_wait_s", time.perf_counter() - started)
            for name, value in batch_metrics(results).items():
                log_metric(name, value)
            for name in ("remote_calls", "remote_wait_s"):
                log_metric(f"pns/{name}", stats.get(name, 0.0))
        if self.rollouts is not None:
            self.rollouts.record(extra.get("trainer_state"), prompts, completions, results, answers, extra.get("id"))
        return results


# The component names of a `pns serve-reward` result (`components` of POST /v1/reward), and the
# core's own names that users write by mistake: a name outside these would log nothing, silently.
SERVER_COMPONENTS = ("format", "accuracy", "rm", "judge", "cot")
_CORE_NAMES = {"rewardModel": "rm", "reward_model": "rm", "localCot": "cot", "local_cot": "cot", "accuracyInversion": "accuracy"}


def check_component_names(names: Sequence[str]) -> None:
    """Refuses a `reward_components` entry the reward server never sends, with the name it uses."""
    for name in names:
        if name not in SERVER_COMPONENTS:
            hint = f" (the server calls it {_CORE_NAMES[name]!r})" if name in _CORE_NAMES else ""
            raise ValueError(f"reward_components: {name!r} is not a reward-server component{hint}; the components are {', '.join(SERVER_COMPONENTS)}")


def make_reward_functions(
    components: Sequence[str], client: RewardClient | None = None, rollouts: "RolloutLog | None" = None
) -> list[RewardFunction]:
    """The composite first, then one function per named component (log-only, weight 0)."""
    scorer = BatchScorer(client or RewardClient.from_env(), rollouts)

    async def pns_reward(
        prompts: list[Any], completions: list[Any], answer: list[Any] | None = None, log_metric=None, **rest: Any
    ) -> list[float | None]:
        results = await scorer.results(prompts, completions, answer, log_metric, rest)
        return [as_float(r["reward"]) if (r := scored(result)) else None for result in results]

    functions: list[RewardFunction] = [pns_reward]
    for component in components:

        def make(name: str) -> RewardFunction:
            async def component_reward(
                prompts: list[Any], completions: list[Any], answer: list[Any] | None = None, log_metric=None, **rest: Any
            ) -> list[float | None]:
                results = await scorer.results(prompts, completions, answer, log_metric, rest)
                return [as_float((r.get("components") or {}).get(name)) if (r := scored(result)) else None for result in results]

            component_reward.__name__ = f"pns_{name}"
            component_reward.__qualname__ = f"pns_{name}"
            return component_reward

        functions.append(make(component))
    return functions
