from __future__ import annotations

from pathlib import Path

import pytest

from pns_jobs import probe


def test_probe_lists_the_job_keys_and_caches_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = probe.probe("reverse-rl")
    assert first["missing"] == [] and first["versions"]["trl"]
    fields = first["fields"]
    # TRL's GRPOConfig, TrainingArguments, ModelConfig and ours, with TRL's defaults.
    for key in ("num_generations", "per_device_train_batch_size", "model_name_or_path", "reward_components", "dataset"):
        assert key in fields
    assert fields["num_generations"] == 8
    (cached,) = list((tmp_path / "pns-jobs").iterdir())
    monkeypatch.setattr(probe, "job_fields", lambda job: pytest.fail("should come from the cache"))
    assert probe.probe("reverse-rl")["fields"] == fields
    assert cached.name.startswith("probe-reverse-rl-")


def test_missing_engines_are_named_and_skip_the_key_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(probe, "version_of", lambda name: None if name in ("trl", "accelerate") else "1.0")
    result = probe.probe("dpo")
    assert result["missing"] == ["trl", "accelerate"]
    assert "fields" not in result
