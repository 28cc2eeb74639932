"""Generation's failure modes and DPO's length policy, without training anything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from pns_jobs.dpo import apply_length_policy, pair_lengths
from pns_jobs.generation import GenerationError, SamplingSettings, generate_endpoint, prompt_texts
from stand_ins import JsonServer

REPO = Path(__file__).resolve().parents[2]


def test_conversational_prompts_need_a_chat_template(tiny_model: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    assert prompt_texts(tokenizer, [[{"role": "user", "content": "Q"}]]) == ["Q\n"]  # the model's own template
    tokenizer.chat_template = None
    with pytest.raises(GenerationError, match="no chat template: set `conversational: false`"):
        prompt_texts(tokenizer, [[{"role": "user", "content": "Q"}]])
    assert prompt_texts(tokenizer, ["plain\n"]) == ["plain\n"]  # plain prompts need none


def failing_on(word: str):
    def handle(path: str, body: dict) -> tuple[int, dict]:
        if word in body.get("prompt", ""):
            return 500, {"error": {"message": "stand-in timeout"}}
        return 200, {"choices": [{"index": i, "text": "\\boxed{1}"} for i in range(body["n"])]}

    return handle


def test_an_endpoint_failing_mid_sample_fails_the_call_not_part_of_it() -> None:
    with JsonServer(failing_on("three")) as endpoint:
        settings = SamplingSettings(num_samples=2, concurrency=2)
        assert generate_endpoint(f"{endpoint.url}/v1", "m", ["one", "two"], settings) == [["\\boxed{1}"] * 2] * 2
        with pytest.raises(GenerationError, match="failed.*is the server up"):
            generate_endpoint(f"{endpoint.url}/v1", "m", ["one", "two", "three", "four"], settings, timeout=5)


def test_a_sample_job_whose_endpoint_fails_writes_no_output(tmp_path: Path, pns_cli: str) -> None:
    with JsonServer(failing_on("Ben")) as endpoint:
        config = tmp_path / "sample.yaml"
        config.write_text(
            f"dataset: {REPO / 'examples' / 'mini' / 'problems.pns'}\nengine: endpoint\nendpoint_url: {endpoint.url}/v1\n"
            "endpoint_model: m\nnum_samples: 2\nprompt_template: '{problem}'\n"
        )
        done = subprocess.run(
            [sys.executable, "-m", "pns_jobs.sample", "--config", str(config), "--run_dir", str(tmp_path / "run")],
            cwd=REPO, env={**os.environ, "PNS_CLI": pns_cli}, capture_output=True, text=True, timeout=300, check=False,
        )
    assert done.returncode == 1
    status = json.loads((tmp_path / "run" / "status.json").read_text())
    assert status["state"] == "failed" and "GenerationError" in status["reason"]
    assert not list((tmp_path / "run").rglob("*.pns"))  # nothing partial presented as the output


def test_dpo_length_policy_fits_or_warns_with_the_fix(tiny_model: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    rows = [{"prompt": "Q\n", "chosen": "a" * 10, "rejected": "b" * 30}, {"prompt": "Q\n", "chosen": "c" * 5, "rejected": "d" * 5}]
    lengths = pair_lengths(tokenizer, rows)
    assert lengths == [32, 7]  # characters: the prompt, the longer side (the tokenizer adds no specials)
    training = SimpleNamespace(max_length=1024)
    assert "max_length 32" in apply_length_policy(SimpleNamespace(length_policy="fit"), training, lengths) and training.max_length == 32
    training = SimpleNamespace(max_length=20)
    line = apply_length_policy(SimpleNamespace(length_policy="keep"), training, lengths)
    assert training.max_length == 20 and "cuts the end of 1 of 2 pairs (50.0%" in line and "set max_length: 32 or length_policy: fit" in line
