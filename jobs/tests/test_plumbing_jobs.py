"""The jobs' hand-offs, checked against exact answers: eval's pass@k against a model that answers
from a table, the centred Bradley-Terry loss against its formula, `sample` writing both roles."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from math import comb
from pathlib import Path

import pytest

from stand_ins import JsonServer, table_completions

REPO = Path(__file__).resolve().parents[2]

# Four problems, four answers each: 2, 0, 4 and 1 of them right.
TABLE = {
    "Ann had 2 pens": ["\\boxed{5}", "\\boxed{4}", "\\boxed{5}", "\\boxed{6}"],
    "Ben had 3 cups": ["\\boxed{1}", "\\boxed{2}", "no answer", "\\boxed{9}"],
    "Sam had 4 keys": ["\\boxed{7}", "The answer is $\\boxed{7}$.", "7 + 0 = 7\n\\boxed{7}", "\\boxed{7.0}"],
    "Mia had 5 eggs": ["\\boxed{8}", "\\boxed{9}", "\\boxed{10}", "\\boxed{11}"],
}
GOLD = {"Ann had 2 pens": "5", "Ben had 3 cups": "4", "Sam had 4 keys": "7", "Mia had 5 eggs": "9"}
CORRECT = {"Ann had 2 pens": 2, "Ben had 3 cups": 0, "Sam had 4 keys": 4, "Mia had 5 eggs": 1}


def pass_at(k: int) -> float:
    return sum(1 - comb(4 - c, k) / comb(4, k) if 4 - c >= k else 1.0 for c in CORRECT.values()) / len(CORRECT)


def test_eval_pass_at_k_is_exact_against_a_table_model(tmp_path: Path, pns_cli: str) -> None:
    bench = tmp_path / "table.jsonl"
    bench.write_text("".join(json.dumps({"id": f"q{i}", "question": f"{q}, then more. How many?", "answer": GOLD[q]}) + "\n" for i, q in enumerate(TABLE)))
    with JsonServer(table_completions(TABLE)) as endpoint:
        config = tmp_path / "eval.yaml"
        config.write_text(
            f"benchmarks: [{bench}]\nengine: endpoint\nendpoint_url: {endpoint.url}/v1\nendpoint_model: table\n"
            "num_samples: 4\ntemperature: 1.0\nprompt_template: '{problem}'\n"
        )
        done = subprocess.run(
            [sys.executable, "-m", "pns_jobs.evaluate", "--config", str(config), "--run_dir", str(tmp_path / "run")],
            cwd=REPO, env={**os.environ, "PNS_CLI": pns_cli}, capture_output=True, text=True, timeout=300, check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert {body["prompt"] for _, body in endpoint.requests} == {f"{q}, then more. How many?\n" for q in TABLE}
    table = json.loads((tmp_path / "run" / "outputs" / "eval.json").read_text())
    row = table["benchmarks"][0]
    assert row["pass@1"] == pytest.approx(pass_at(1)) == pytest.approx(7 / 16)
    assert row["pass@4"] == pytest.approx(pass_at(4)) == pytest.approx(3 / 4)
    assert row["samples"] == 16


def test_the_centred_bradley_terry_loss_is_the_formula(tiny_model: Path) -> None:
    import torch
    from datasets import Dataset
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from trl import RewardConfig, RewardTrainer

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    model = AutoModelForSequenceClassification.from_pretrained(tiny_model, num_labels=1)
    model.config.pad_token_id = tokenizer.pad_token_id
    rows = [
        {"chosen": "1 + 1 = 2 \\boxed{2}", "rejected": "1 + 1 = 3 \\boxed{3}"},
        {"chosen": "2 + 2 = 4 \\boxed{4}", "rejected": "2 + 2 = 5"},
        {"chosen": "3 - 1 = 2 \\boxed{2}", "rejected": "3 - 1 = 4 \\boxed{4}"},
    ]
    lam = 0.25
    args = RewardConfig(output_dir="/tmp/pns-centred-loss", center_rewards_coefficient=lam, use_cpu=True, bf16=False, report_to="none", per_device_train_batch_size=3)
    trainer = RewardTrainer(model=model, args=args, train_dataset=Dataset.from_list(rows), processing_class=tokenizer)
    batch = trainer.data_collator([trainer.train_dataset[i] for i in range(3)])
    model.eval()
    with torch.no_grad():
        loss = trainer.compute_loss(model, batch).item()
        # TRL's reward trainer appends EOS to each side: score exactly that text.
        assert tokenizer.decode(batch["input_ids"][0], skip_special_tokens=False).endswith(tokenizer.eos_token)
        score = lambda text: model(**tokenizer(text + tokenizer.eos_token, return_tensors="pt")).logits[0, 0]  # noqa: E731
        chosen = torch.stack([score(r["chosen"]) for r in rows])
        rejected = torch.stack([score(r["rejected"]) for r in rows])
    expected = (-torch.nn.functional.logsigmoid(chosen - rejected) + lam * (chosen + rejected) ** 2).mean().item()
    plain = (-torch.nn.functional.logsigmoid(chosen - rejected)).mean().item()
    assert loss == pytest.approx(expected, rel=1e-4, abs=1e-6)
    assert abs(expected - plain) > 1e-4  # the centring term is really there


def test_sample_writes_every_response_under_the_role_its_grade_gives(tmp_path: Path, pns_cli: str) -> None:
    config = tmp_path / "sample.yaml"
    config.write_text(
        f"model_name_or_path: {REPO / 'examples' / 'mini' / 'base'}\ndataset: {REPO / 'examples' / 'mini' / 'problems.pns'}\n"
        "limit: 12\nnum_samples: 4\ntemperature: 1.0\nmax_new_tokens: 64\nprompt_template: '{problem}'\nseed: 3\n"
    )
    done = subprocess.run(
        [*shlex.split(pns_cli), "run", "sample", "--config", str(config), "--runs-root", str(tmp_path / "runs"), "--python", sys.executable, "--no-probe"],
        cwd=REPO, env={**os.environ, "PNS_CLI": pns_cli}, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    run = next((tmp_path / "runs").iterdir())
    outputs = json.loads((run / "status.json").read_text())["outputs"]
    assert outputs["samples"] == 48 and outputs["correct"] > 0 and outputs["wrong"] > 0
    exported = subprocess.run([*shlex.split(pns_cli), "export", outputs["pns"], "--format", "jsonl"], capture_output=True, text=True, check=True)
    samples = [s for line in exported.stdout.splitlines() for s in json.loads(line)["samples"]]
    assert len(samples) == 48
    for s in samples:
        assert s["role"] == ("positive" if s["meta"]["grade"] == "correct" else "negative")
        assert {"model", "temperature", "seed", "sample", "scores"} <= set(s["meta"])  # scored by pns run's reward server
    # The grades are the engine's: linting the output finds no mislabelled sample.
    lint = subprocess.run([*shlex.split(pns_cli), "lint", "--local", outputs["pns"], "--format", "json"], capture_output=True, text=True, check=False)
    codes = {f["code"] for file in json.loads(lint.stdout) for f in file["findings"]}
    assert "negative-correct" not in codes and "positive-incorrect" not in codes
