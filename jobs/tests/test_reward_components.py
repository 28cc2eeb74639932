"""`reward_components` names what reverse RL logs from each reward-server result: a name the server
never sends would log nothing, silently, so it is refused with the server's name for it."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from pns_jobs.reward_bridge import SERVER_COMPONENTS, RewardClient, check_component_names
from pns_jobs.reverse_rl import ReverseRLArguments

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
    (tmp_path / "pns.config.json").write_text(json.dumps({"retries": 0}))
    server = subprocess.Popen(
        [*shlex.split(pns_cli), "serve-reward", "--port", "0", "--config", str(tmp_path / "pns.config.json")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
    )
    assert server.stdout is not None
    found: dict[str, str] = {}
    try:
        for line in server.stdout:
            if m := re.match(r"(PNS_REWARD_URL|PNS_REWARD_TOKEN)=(\S+)", line):
                found[m.group(1)] = m.group(2)
            if len(found) == 2:
                break
        client = RewardClient(url=found["PNS_REWARD_URL"], token=found["PNS_REWARD_TOKEN"], retries=0)
        [result] = client.score([{"prompt": "2 + 2?\n", "completion": "2 + 2 = 5\nThe answer is \\boxed{5}.", "answer": "4"}])
        assert result is not None and set(result["components"]) == {"format", "accuracy", "cot"}
        assert set(result["components"]) <= set(SERVER_COMPONENTS)
    finally:
        server.terminate()
        server.wait(timeout=10)
