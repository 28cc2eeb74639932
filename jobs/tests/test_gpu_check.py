"""jobs/gpu_check.sh without a GPU: it stops at once with the cause and what to do (exit 2, nothing
run), refuses a bad option, and its non-GPU parts (engine report, the random Qwen-shaped model's
runs through the real reward server, the figures) run as a CPU smoke test (PNS_GPU_ALLOW_CPU=1 with
the tiny shape). The GPU figures themselves come from a GPU machine (docs/jobs.md)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from conftest import REPO

SCRIPT = REPO / "jobs" / "gpu_check.sh"


def check(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("PNS_GPU", "PNS_REWARD"))}
    full.update(PNS_GPU_PYTHON=str(REPO / "jobs" / ".venv" / "bin" / "python"), OMP_NUM_THREADS="1", **env)
    return subprocess.run(["bash", str(SCRIPT), *args], cwd=REPO, env=full, capture_output=True, text=True, timeout=900, check=False)


def test_without_a_gpu_it_fails_at_once_saying_why_and_what_to_do(tmp_path: Path) -> None:
    import torch

    if torch.cuda.is_available():  # pragma: no cover - this test is about a machine without one
        return
    done = check("--out", str(tmp_path / "out"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "[gpu-check] trl 1.13.0" in done.stdout and "[gpu-check] vllm " in done.stdout
    assert "[gpu-check] FAILED: no CUDA GPU here: torch " in done.stderr
    assert "run `bash jobs/setup-venv.sh --gpu`, then `bash jobs/gpu_check.sh`" in done.stderr
    assert list((tmp_path / "out").iterdir()) == []  # nothing ran, not even the pipeline


def test_a_bad_option_is_refused_with_the_usage() -> None:
    done = check("--bogus")
    assert done.returncode == 2 and "gpu_check: unknown option --bogus" in done.stderr and "usage: bash jobs/gpu_check.sh" in done.stderr


def test_the_non_gpu_parts_as_a_cpu_smoke_test(tmp_path: Path, tiny_model: Path) -> None:
    done = check(
        "--no-pipeline", "--out", str(tmp_path),
        PNS_GPU_ALLOW_CPU="1", PNS_GPU_SHAPE="tiny", PNS_GPU_RL_STEPS="2", PNS_GPU_DPO_STEPS="2", PNS_GPU_COMPLETION_LEN="16", PNS_GPU_RL_BATCH="8",
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert "a smoke test of the script on the CPU" in out
    assert "GRPO (transformers generate), 2 steps" in out  # no vLLM here
    assert "reward server: pns serve-reward (Node" in out  # the real one, not the stand-in
    figures = json.loads((tmp_path / "gpu-check.json").read_text())
    rl = figures["reverse_rl"]
    assert rl["step_time_s"] > 0 and rl["tokens_per_s"] > 0 and 0 <= rl["reward_wait_share"] < 1, rl
