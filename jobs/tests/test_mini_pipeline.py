"""PNS-mini's quick profile, for real: every phase of the method as its own job on the committed
base checkpoint, then the report. Checks what a run this small can carry: the base model's recorded
pass@1 reproduces, both roles are sampled, the reverse-RL reward is not flat, every report field is
there (a number or null)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "examples" / "mini" / "base"

REPORT_FIELDS = [
    "base.pass1.test", "base.pass1.harder", "reward_model.pairwise_accuracy", "reward_model.mean_score.correct",
    "reward_model.mean_score.pns", "reward_model.mean_score.rejection_sampled", "reverse_rl.reward_first10",
    "reverse_rl.reward_last10", "reverse_rl.frac_reward_zero_std_mean", "reverse_rl.wrong_share_end",
    "reverse_rl.wellformed_share_end", "sample.positives", "sample.negatives", "dpo.arms", "phases",
]


def field(report: dict, dotted: str):
    value = report
    for part in dotted.split("."):
        assert isinstance(value, dict) and part in value, f"report.json lacks {dotted}"
        value = value[part]
    return value


def test_the_base_checkpoint_is_small_and_loads() -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    size = sum(p.stat().st_size for p in BASE.iterdir())
    assert size < 5 * 1024 * 1024
    model = AutoModelForCausalLM.from_pretrained(BASE)
    record = json.loads((BASE / "pns_base.json").read_text())
    assert sum(p.numel() for p in model.parameters()) == record["parameters"]
    assert AutoTokenizer.from_pretrained(BASE).decode(AutoTokenizer.from_pretrained(BASE)("7 + 5 = 12")["input_ids"]) == "7 + 5 = 12"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory, pns_cli: str) -> Path:
    runs = tmp_path_factory.mktemp("mini-runs")
    started = time.monotonic()
    done = subprocess.run(
        [*shlex.split(pns_cli), "run", "pipeline", "--config", "examples/mini/pipeline.yaml", "--profile", "quick",
         "--runs-root", str(runs), "--python", sys.executable],
        cwd=REPO, env={**os.environ, "PNS_CLI": pns_cli, "HF_HUB_OFFLINE": "1"}, capture_output=True, text=True, timeout=1200, check=False,
    )
    sys.stderr.write(f"\n[mini] quick profile: {time.monotonic() - started:.0f}s\n")
    assert done.returncode == 0, (done.stdout[-4000:] + done.stderr[-3000:])
    return next(runs.glob("*-pipeline"))


def test_quick_profile_writes_every_report_field(quick_run: Path) -> None:
    report = json.loads((quick_run / "report.json").read_text())
    for dotted in REPORT_FIELDS:
        field(report, dotted)
    assert [p["state"] for p in report["phases"]] == ["succeeded"] * len(report["phases"])
    assert {p["name"] for p in report["phases"]} >= {"base_eval", "sample", "reward_model", "reverse_rl", "synthesize", "eval"}
    arms = {arm["name"]: arm for arm in report["dpo"]["arms"]}
    assert set(arms) == {"rejection_sampled", "pns", "answer_corrupted"}
    assert len({arm["pairs"] for arm in arms.values()}) == 1  # identical pair counts: the negatives are the only difference
    assert "| arm | seeds | pairs | test | harder |" in (quick_run / "report.md").read_text()


def test_quick_profile_reproduces_the_base_model_and_samples_both_roles(quick_run: Path) -> None:
    report = json.loads((quick_run / "report.json").read_text())
    recorded = json.loads((BASE / "pns_base.json").read_text())["greedy_pass1"]
    assert report["base"]["pass1"]["test"] == pytest.approx(recorded["test_first_200"], abs=0.02)
    assert report["sample"]["positives"] > 0 and report["sample"]["negatives"] > 0


def test_quick_profile_reverse_rl_learns_from_differences(quick_run: Path) -> None:
    report = json.loads((quick_run / "report.json").read_text())
    rl = report["reverse_rl"]
    assert rl["frac_reward_zero_std_mean"] < 0.5  # most groups differ: the loss is not zero
    rewards = [p["reward"] for p in rl["curve"]]
    assert max(rewards) - min(rewards) > 0.05  # not a flat line
    assert rl["wellformed_share_end"] > 0.5
