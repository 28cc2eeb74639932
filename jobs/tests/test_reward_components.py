"""`reward_components` names what reverse RL logs from each reward-server result: a name the server
never sends would log nothing, silently, so it is refused with the server's name for it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pns_jobs.reward_bridge import SERVER_COMPONENTS, RewardClient, check_component_names
from pns_jobs.reverse_rl import ReverseRLArguments
from reward_server import serve_reward

REPO = Path(__file__).resolve().parents[2]


def test_a_core_name_is_refused_with_the_servers_name() -> None:
    with pytest.raises(ValueError, match=r"'rewardModel' is not a reward-server component \(the server calls it 'rm'\)"):
        check_component_names(["format", "rewardModel"])
    with pytest.raises(ValueError, match="the components are format, accuracy, rm, judge, cot"):
        check_component_names(["fluency"])
    check_component_names(list(SERVER_COMPONENTS))


def test_the_job_arguments_check_the_names() -> None:
    with pytest.raises(ValueError, match="rewardModel"):
        ReverseRLArguments(reward_components=["rewardModel"])


@pytest.mark.parametrize("config", sorted((REPO / "examples").glob("*/reverse-rl*.yaml")), ids=lambda p: str(p.relative_to(REPO)))
def test_every_shipped_config_names_server_components(config: Path) -> None:
    names = (yaml.safe_load(config.read_text()) or {}).get("reward_components") or []
    check_component_names(names)


def test_the_real_server_sends_only_these_names(tmp_path: Path, pns_cli: str) -> None:
    with serve_reward(pns_cli, tmp_path, {"retries": 0}) as (url, token):
        [result] = RewardClient(url=url, token=token, retries=0).score(
            [{"prompt": "2 + 2?\n", "completion": "2 + 2 = 5\nThe answer is \\boxed{5}.", "answer": "4"}]
        )
    assert result is not None and set(result["components"]) == {"format", "accuracy", "cot"}
    assert set(result["components"]) <= set(SERVER_COMPONENTS)
