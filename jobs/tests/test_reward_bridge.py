from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

from pns_jobs.reward_bridge import RewardClient, RewardServerError, make_reward_functions, text_of
from reward_stub import RewardStub


def call_all(functions: list[Any], **kwargs: Any) -> list[list[float | None]]:
    """Runs every reward function concurrently, as TRL does with async reward functions."""

    async def gather() -> list[list[float | None]]:
        return list(await asyncio.gather(*(f(**kwargs) for f in functions)))

    return asyncio.run(gather())


def test_one_request_per_batch_feeds_the_composite_and_each_component() -> None:
    metrics: dict[str, list[float]] = {}
    with RewardStub(token="tok") as stub:
        functions = make_reward_functions(["format", "accuracy"], RewardClient(stub.url, "tok"))
        assert [f.__name__ for f in functions] == ["pns_reward", "pns_format", "pns_accuracy"]
        composite, fmt, accuracy = call_all(
            functions,
            prompts=["p1", "p2"],
            completions=["so \\boxed{3}", "no box"],
            answer=["4", "4"],
            log_metric=lambda name, value: metrics.setdefault(name, []).append(value),
        )
        assert len(stub.requests) == 1
        assert stub.requests[0]["items"][0] == {"prompt": "p1", "completion": "so \\boxed{3}", "answer": "4"}
    assert fmt == [1.0, -1.0] and accuracy == [1.0, 1.0]
    assert composite[0] == pytest.approx(1.0 + 1.0 + len("so \\boxed{3}") / 64)
    assert set(metrics) == {
        "pns/reward_wait_s", "pns/unscored_frac", "pns/wrong_frac", "pns/correct_frac", "pns/malformed_frac",
        "pns/ungradable_frac", "pns/wellformed_frac", "pns/remote_calls", "pns/remote_wait_s",
    }
    assert len(metrics["pns/reward_wait_s"]) == 1


def test_unscorable_items_become_none() -> None:
    with RewardStub() as stub:
        (composite,) = call_all(
            make_reward_functions([], RewardClient(stub.url, stub.token)),
            prompts=["p", "p"],
            completions=["", "x"],
            answer=["1", "1"],
        )
    assert composite[0] is None and isinstance(composite[1], float)


def test_conversational_completions_are_read_as_text() -> None:
    assert text_of([{"role": "assistant", "content": "hi"}]) == "hi"
    assert text_of("plain") == "plain"


def test_a_wrong_token_fails_at_once_with_the_fix() -> None:
    with RewardStub(token="right") as stub:
        client = RewardClient(stub.url, "wrong", retries=3, backoff=0)
        with pytest.raises(RewardServerError, match="PNS_REWARD_TOKEN"):
            client.score([{"prompt": "p", "completion": "c", "answer": "1"}])
        assert stub.requests == []


def test_a_dead_server_is_retried_then_named() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = RewardClient(f"http://127.0.0.1:{port}", "t", retries=2, backoff=0)
    with pytest.raises(RewardServerError, match=r"failed after 3 attempts.*still running"):
        client.score([{"prompt": "p", "completion": "c", "answer": "1"}])


def test_server_errors_are_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    with RewardStub(fail_after=0) as stub:  # every request answers 503
        client = RewardClient(stub.url, stub.token, retries=1, backoff=0)
        with pytest.raises(RewardServerError, match="2 attempts"):
            client.score([{"prompt": "p", "completion": "c", "answer": "1"}])
        assert len(stub.requests) == 2


def test_missing_url_explains_how_to_start_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PNS_REWARD_URL", raising=False)
    with pytest.raises(RewardServerError, match="pns serve-reward"):
        RewardClient.from_env()
