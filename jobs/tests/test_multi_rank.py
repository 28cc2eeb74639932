"""Two CPU ranks through `accelerate launch --multi_gpu --num_processes 2` (gloo): the multi-GPU
path without a GPU. Each rank calls the reward server once per step on its own slice."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from reward_stub import RewardStub
from test_tiny_jobs import REPO, metrics, run_job, samples, status


def test_reverse_rl_on_two_ranks(tmp_path: Path, tiny_model: Path, pns_cli: str) -> None:
    accelerate = [
        sys.executable, "-m", "accelerate.commands.launch",
        "--multi_gpu", "--num_processes", "2", "--num_machines", "1", "--mixed_precision", "no",
        "--dynamo_backend", "no", "--main_process_port", "0",
    ]
    env = {"PNS_CLI": pns_cli, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    for name in ("RANK", "WORLD_SIZE", "LOCAL_RANK"):
        os.environ.pop(name, None)
    with RewardStub() as stub:
        run_job("reverse-rl", tmp_path / "run", {**env, **stub.env()}, launcher=accelerate)
        assert len(stub.requests) >= 8  # 4 steps x 2 ranks
        slice_size = len(stub.requests[0]["items"])  # one rank's share of a step
    assert status(tmp_path / "run")["state"] == "succeeded"
    rows = [r for r in metrics(tmp_path / "run") if "reward" in r]
    assert [r["step"] for r in rows] == [1, 2, 3, 4]  # rank 0 alone writes: no duplicated lines
    logged = [s["step"] for s in samples(tmp_path / "run")]
    assert logged == [step for step in (1, 2, 3, 4) for _ in range(slice_size)]  # rank 0's rollouts only
    record = json.loads((tmp_path / "run" / "command.json").read_text())
    assert record["world_size"] == 2
    assert REPO.is_dir()


def test_sample_splits_problems_across_two_ranks_and_merges_them_in_order(tmp_path: Path, pns_cli: str) -> None:
    """Each rank samples problems[rank::2]; rank 0 merges the shards in problem order and writes
    one .pns (the other rank writes nothing but its shard): no problem twice, none missing."""
    import shlex
    import subprocess

    config = tmp_path / "sample.yaml"
    config.write_text(
        f"model_name_or_path: {REPO / 'examples' / 'mini' / 'base'}\ndataset: {REPO / 'examples' / 'mini' / 'problems.pns'}\n"
        "limit: 7\nnum_samples: 2\ntemperature: 1.0\nmax_new_tokens: 64\nprompt_template: '{problem}'\n"
    )
    for name in ("RANK", "WORLD_SIZE", "LOCAL_RANK"):
        os.environ.pop(name, None)
    done = subprocess.run(
        [*shlex.split(pns_cli), "run", "sample", "--config", str(config), "--launcher", "accelerate", "--gpus", "2",
         "--runs-root", str(tmp_path / "runs"), "--python", sys.executable, "--no-probe",
         "--", "--mixed_precision", "no", "--dynamo_backend", "no", "--main_process_port", "0"],
        cwd=REPO, env={**os.environ, "PNS_CLI": pns_cli, "OMP_NUM_THREADS": "1"}, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    run = next((tmp_path / "runs").iterdir())
    assert sorted(p.name for p in (run / "shards" / "shard").iterdir()) == ["rank-0.json", "rank-1.json"]
    outputs = json.loads((run / "status.json").read_text())["outputs"]
    exported = subprocess.run([*shlex.split(pns_cli), "export", outputs["pns"], "--format", "jsonl"], capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [r["id"] for r in rows] == [f"mini-{i}" for i in range(1, 8)]
    assert all(len(r["samples"]) == 2 for r in rows) and outputs["samples"] == 14
