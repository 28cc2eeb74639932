"""The likelihood reward model (pns_jobs/likelihood_rm.py): its score is the language model's own
log-likelihood of the response, it saves and loads as a sequence classifier, the reward-model job
trains it with TRL's RewardTrainer, and the classify server serves it with the same numbers."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from test_tiny_jobs import run_job

REPO = Path(__file__).resolve().parents[2]
MINI_BASE = REPO / "examples" / "mini" / "base"
PROMPT = "Amy had 12 cards, found 1, then lost 9. How many cards now?\n"
RIGHT = "12 + 1 = 13\n13 - 9 = 4\nThe answer is \\boxed{4}."
WRONG = "12 + 1 = 13\n13 - 9 = 3\nThe answer is \\boxed{3}."


@pytest.fixture(scope="module")
def mini() -> tuple[object, object]:
    from transformers import AutoTokenizer

    from pns_jobs.likelihood_rm import from_language_model

    tokenizer = AutoTokenizer.from_pretrained(MINI_BASE)
    return from_language_model(str(MINI_BASE), "\n", tokenizer), tokenizer


def response_log_likelihood(text: str, tokenizer: object, start: int | None = None) -> float:
    """log p(response + EOS | prompt) under the mini base model, computed token by token (from
    token `start` instead when given)."""
    import torch
    from transformers import AutoModelForCausalLM

    lm = AutoModelForCausalLM.from_pretrained(MINI_BASE).eval()
    ids = tokenizer(text)["input_ids"] + [tokenizer.eos_token_id]
    start = ids.index(tokenizer("\n")["input_ids"][0]) + 1 if start is None else start
    with torch.inference_mode():
        logp = torch.log_softmax(lm(torch.tensor([ids])).logits[0].float(), dim=-1)
    return sum(logp[i - 1, ids[i]].item() for i in range(start, len(ids)))


def scores(model: object, tokenizer: object, texts: list[str]) -> list[float]:
    from pns_jobs.reward_model import raw_scores

    return raw_scores(model, tokenizer, texts)


def test_the_score_is_the_response_log_likelihood_after_the_prompt(mini: tuple[object, object]) -> None:
    model, tokenizer = mini
    got = scores(model, tokenizer, [PROMPT + RIGHT, PROMPT + WRONG])
    assert got[0] == pytest.approx(response_log_likelihood(PROMPT + RIGHT, tokenizer), abs=1e-3)
    assert got[1] == pytest.approx(response_log_likelihood(PROMPT + WRONG, tokenizer), abs=1e-3)
    # The prompt's own tokens do not count: with them the score would be far lower.
    assert got[0] > response_log_likelihood(PROMPT + RIGHT, tokenizer, start=1) + 5


def test_padding_does_not_change_a_score(mini: tuple[object, object]) -> None:
    model, tokenizer = mini
    short, long = PROMPT + "The answer is \\boxed{4}.", PROMPT + RIGHT
    alone = [scores(model, tokenizer, [short])[0], scores(model, tokenizer, [long])[0]]
    assert scores(model, tokenizer, [short, long]) == pytest.approx(alone, abs=1e-4)


def test_saved_model_loads_as_a_sequence_classifier_with_the_same_scores(mini: tuple[object, object], tmp_path: Path) -> None:
    from transformers import AutoModelForSequenceClassification

    from pns_jobs.likelihood_rm import MODEL_TYPE, register

    model, tokenizer = mini
    model.save_pretrained(tmp_path / "rm")
    tokenizer.save_pretrained(tmp_path / "rm")
    assert json.loads((tmp_path / "rm" / "config.json").read_text())["model_type"] == MODEL_TYPE
    register()
    loaded = AutoModelForSequenceClassification.from_pretrained(tmp_path / "rm")
    texts = [PROMPT + RIGHT, PROMPT + WRONG]
    assert scores(loaded, tokenizer, texts) == pytest.approx(scores(model, tokenizer, texts), abs=1e-5)


def test_the_job_trains_it_and_the_classify_server_serves_it(tmp_path: Path, tiny_model: Path, pns_cli: str) -> None:
    env = {"PNS_CLI": pns_cli, "HF_HUB_OFFLINE": "1", "RANK": "0", "WORLD_SIZE": "1"}
    run = tmp_path / "run"
    run_job("reward-model", run, env, "--head", "likelihood", "--eval_dataset", "examples/demo.pns")
    model_dir = run / "outputs" / "model"
    assert json.loads((model_dir / "config.json").read_text())["model_type"] == "pns_likelihood_rm"
    losses = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert sum("loss" in row for row in losses) >= 4
    report = json.loads((run / "outputs" / "rm_eval.json").read_text())
    assert report["pairs"] > 0 and all(math.isfinite(report[k]) for k in ("mean_score_chosen", "mean_score_rejected"))

    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from pns_jobs.likelihood_rm import register

    register()
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    texts = ["What is 2 + 3?\nWe add: 2 + 3 = 5. The answer is \\boxed{5}.", "What is 2 + 3?\n\\boxed{6}"]
    expected = scores(AutoModelForSequenceClassification.from_pretrained(model_dir), tokenizer, texts)

    token = "test-token-likelihood"
    server = subprocess.Popen(
        [sys.executable, "-m", "pns_jobs.classify_server", "--model", str(model_dir), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PNS_REWARD_MODEL_API_KEY": token},
    )
    try:
        assert server.stdout is not None
        url = next((line.split("=", 1)[1].strip() for line in server.stdout if line.startswith("PNS_CLASSIFY_URL=")), "")
        assert url, f"the classify server exited with {server.wait()}"
        request = urllib.request.Request(f"{url}/classify", data=json.dumps({"input": texts}).encode(), method="POST",
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            served = [row["logits"][0] for row in json.loads(response.read())["data"]]
        assert served == pytest.approx(expected, abs=1e-4)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_chat_prompts_are_refused_with_the_reason(tmp_path: Path, tiny_model: Path, pns_cli: str) -> None:
    env = {"PNS_CLI": pns_cli, "HF_HUB_OFFLINE": "1", "RANK": "0", "WORLD_SIZE": "1"}
    with pytest.raises(AssertionError, match="head: likelihood needs plain prompts"):
        run_job("reward-model", tmp_path / "run", env, "--head", "likelihood", "--conversational", "true")
