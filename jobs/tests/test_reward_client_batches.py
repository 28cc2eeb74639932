"""The reward client splits big requests: the real `pns serve-reward` refuses more than
`--max-items` items in one request, and `sample` scores a whole run's responses at once."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from pns_jobs.reward_bridge import RewardClient, RewardServerError
from reward_server import serve_reward


@pytest.fixture
def small_server(tmp_path: Path, pns_cli: str) -> Iterator[tuple[str, str]]:
    """The real reward server with local components only, accepting at most 3 items per request."""
    with serve_reward(pns_cli, tmp_path, {"retries": 0}, "--max-items", "3") as address:
        yield address


def items(n: int) -> list[dict[str, str]]:
    """Item k answers 2 + k; its gold is 2 + k for even k (right) and something else for odd k."""
    return [
        {"prompt": f"What is 2 + {k}?\n", "completion": f"2 + {k} = {2 + k}\nThe answer is \\boxed{{{2 + k}}}.", "answer": str(2 + k if k % 2 == 0 else 1000 + k)}
        for k in range(n)
    ]


def test_more_items_than_the_server_takes_are_sent_in_batches_in_order(small_server: tuple[str, str]) -> None:
    url, token = small_server
    client = RewardClient(url=url, token=token, retries=0, max_batch=3)
    results = client.score(items(10))
    assert len(results) == 10
    # Accuracy inversion: 1 for a wrong answer (odd k), 0 for a right one; order kept across batches.
    accuracy = [r["components"]["accuracy"] for r in results if r]
    assert accuracy == [0, 1] * 5


def test_the_server_limit_is_real(small_server: tuple[str, str]) -> None:
    url, token = small_server
    with pytest.raises(RewardServerError, match="too-many-items"):
        RewardClient(url=url, token=token, retries=0, max_batch=100).score(items(10))
