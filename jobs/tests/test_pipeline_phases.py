"""The pipeline's bookkeeping: resume skips what succeeded, a failure is recorded with its reason,
and a base model outside the band stops the real pipeline at that phase."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from pns_jobs.pipeline_phases import PhaseBook, PhaseFailed, run_local_phase

REPO = Path(__file__).resolve().parents[2]


def test_resume_skips_succeeded_phases_and_reruns_a_failed_one(tmp_path: Path) -> None:
    calls: list[str] = []
    book = PhaseBook(tmp_path / "phases.json")
    run_local_phase(book, "first", lambda: calls.append("first") or {"n": 1})
    with pytest.raises(PhaseFailed, match=r"phase second failed: ValueError: no pairs; fix it, then `pns run pipeline --resume`"):
        run_local_phase(book, "second", lambda: (_ for _ in ()).throw(ValueError("no pairs")))
    again = PhaseBook(tmp_path / "phases.json")  # as `--resume` reads it
    assert [(r["name"], r["state"]) for r in again.table()] == [("first", "succeeded"), ("second", "failed")]
    assert run_local_phase(again, "first", lambda: calls.append("again") or {}).outputs == {"n": 1}
    run_local_phase(again, "second", lambda: calls.append("second") or {})
    assert calls == ["first", "second"]  # first was not run twice


def test_a_base_model_outside_the_band_stops_the_pipeline_with_the_reason(tmp_path: Path, pns_cli: str) -> None:
    config = tmp_path / "pipeline.yaml"
    text = (REPO / "examples" / "mini" / "pipeline.yaml").read_text().replace("base_band_low: 0.3", "base_band_low: 0.8").replace("base_band_high: 0.7", "base_band_high: 0.95")
    text = text.replace("examples/mini/", str(REPO / "examples" / "mini") + "/")
    config.write_text(text)
    done = subprocess.run(
        [*shlex.split(pns_cli), "run", "pipeline", "--config", str(config), "--profile", "quick", "--runs-root", str(tmp_path / "runs"), "--python", sys.executable],
        cwd=REPO, env={**os.environ, "PNS_CLI": pns_cli}, capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 1, done.stdout[-2000:]
    run = next((tmp_path / "runs").glob("*-pipeline"))
    status = json.loads((run / "status.json").read_text())
    assert status["state"] == "failed" and "outside the band [0.8, 0.95]" in status["reason"] and "--resume" in status["reason"]
    states = {p["name"]: p["state"] for p in json.loads((run / "phases.json").read_text())}
    assert states == {"data": "succeeded", "base_eval": "succeeded", "base_band": "failed"}
    report = json.loads((run / "report.json").read_text())  # what finished is reported, the rest is null
    assert report["base"]["pass1"]["test"] is not None and report["reward_model"]["pairwise_accuracy"] is None


def test_the_reward_transform_is_calibrated_on_the_held_out_means(tmp_path: Path) -> None:
    import math

    from pns_jobs.pipeline import calibrated_transform

    report = tmp_path / "rm_eval.json"
    report.write_text(json.dumps({"mean_score_chosen": -0.5, "mean_score_rejected": -4.5}))
    transform = calibrated_transform(report)["transform"]
    squash = lambda raw: 1 / (1 + math.exp(-transform["scale"] * (raw - transform["shift"])))  # noqa: E731 - the engine's sigmoid
    assert transform["type"] == "sigmoid"
    assert squash(-0.5) == pytest.approx(0.881, abs=1e-3) and squash(-4.5) == pytest.approx(0.119, abs=1e-3)
    # No report, or a model that ranks wrong answers higher on average: the config's transform stays.
    assert calibrated_transform(tmp_path / "missing.json") == {}
    report.write_text(json.dumps({"mean_score_chosen": -3.0, "mean_score_rejected": -1.0}))
    assert calibrated_transform(report) == {}
