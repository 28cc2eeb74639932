"""Every examples/paper/ config validates by `pns run --dry-run` on this CPU machine: keys checked
against TRL's dataclasses (through the real probe), sizes checked for the process count, and the
needs this machine lacks (CUDA GPUs, vLLM, DeepSpeed, flash-attention) listed; a real run of the
same config refuses before creating anything. Datasets are inputs of the real run: the test makes
empty placeholders for the paths the configs name, in a scratch working directory."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO


PAPER = REPO / "examples" / "paper"
ZERO2, ZERO3, FSDP2 = (str(PAPER / "accelerate" / name) for name in ("zero2.yaml", "zero3.yaml", "fsdp2.yaml"))

# (job, config, pns run options, what the dry run must list as missing here)
CASES = [
    ("reward-model", "reward-model.yaml", ["--launcher", "accelerate", "--gpus", "8", "--accelerate-config", ZERO2], ["DeepSpeed", "flash-attention", "8 CUDA GPU(s)"]),
    ("reverse-rl", "reverse-rl.yaml", ["--launcher", "accelerate", "--gpus", "4", "--accelerate-config", ZERO3], ["vLLM", "DeepSpeed", "4 CUDA GPU(s)"]),
    ("reverse-rl", "reverse-rl-colocate.yaml", ["--launcher", "accelerate", "--gpus", "8", "--accelerate-config", ZERO2], ["vLLM", "DeepSpeed", "8 CUDA GPU(s)"]),
    ("synthesize", "synthesize.yaml", [], []),
    ("dpo", "dpo-qwen2.5-math-7b.yaml", ["--launcher", "accelerate", "--gpus", "8", "--accelerate-config", ZERO3], ["DeepSpeed", "8 CUDA GPU(s)"]),
    ("dpo", "dpo-qwen2.5-7b.yaml", ["--launcher", "accelerate", "--gpus", "8", "--accelerate-config", FSDP2], ["flash-attention", "8 CUDA GPU(s)"]),
    ("dpo", "dpo-llama3.1-8b.yaml", ["--launcher", "slurm", "--nodes", "1", "--gpus", "8", "--accelerate-config", ZERO3, "--partition", "gpu"], ["DeepSpeed"]),
    ("eval", "eval.yaml", [], []),
]


def pns(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PNS_REWARD")}
    env["PNS_PYTHON"] = str(REPO / "jobs" / ".venv" / "bin" / "python")
    return subprocess.run(["node", str(REPO / "bin" / "pns.js"), "run", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("paper")
    for config in PAPER.glob("*.yaml"):
        dataset = (yaml.safe_load(config.read_text()) or {}).get("dataset")
        if dataset:
            (folder / dataset).parent.mkdir(parents=True, exist_ok=True)
            (folder / dataset).write_text("@pns 1\n")
    return folder


def test_every_paper_config_has_a_case() -> None:
    configs = {p.name for p in PAPER.glob("*.yaml")} - {"compare.yaml"}
    assert configs == {case[1] for case in CASES}
    assert {p.name for p in (PAPER / "accelerate").glob("*.yaml")} == {"zero2.yaml", "zero3.yaml", "fsdp2.yaml"}


@pytest.mark.parametrize(("job", "config", "options", "missing"), CASES, ids=[c[1] for c in CASES])
def test_the_dry_run_validates_and_lists_what_this_machine_lacks(workdir: Path, job: str, config: str, options: list[str], missing: list[str]) -> None:
    done = pns(workdir, job, "--config", str(PAPER / config), "--dry-run", *options)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"config      {PAPER / config}: ok\n" in done.stdout  # every key known to TRL / our jobs, sizes fit
    assert "error" not in done.stderr
    listed = [line for line in done.stdout.splitlines() if line.startswith("  [missing] ")]
    for need in missing:
        assert any(line.startswith(f"  [missing] {need}") for line in listed), (need, done.stdout)
    assert len(listed) >= len(missing)
    if missing and "--launcher" in options and "slurm" not in options:
        assert "per GPU for the model and its training state" in done.stdout  # the memory arithmetic


def test_a_real_run_refuses_before_creating_anything(workdir: Path) -> None:
    done = pns(workdir, "dpo", "--config", str(PAPER / "dpo-qwen2.5-7b.yaml"), "--launcher", "accelerate", "--gpus", "8", "--accelerate-config", ZERO3, "--runs-root", "refused-runs")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "pns run: this machine lacks DeepSpeed (DeepSpeed ZeRO-3): missing: install with `bash jobs/setup-venv.sh --gpu`" in done.stderr
    assert "pns run: this machine lacks 8 CUDA GPU(s): no CUDA here" in done.stderr
    assert "nothing was started" in done.stderr
    assert not (workdir / "refused-runs").exists()


def test_a_config_that_does_not_fit_is_refused_at_the_key(workdir: Path, tmp_path: Path) -> None:
    text = (PAPER / "reverse-rl.yaml").read_text().replace("num_generations: 8", "num_generations: 7")
    config = tmp_path / "rl.yaml"
    config.write_text(text)
    done = pns(workdir, "reverse-rl", "--config", str(config), "--dry-run", "--launcher", "accelerate", "--gpus", "4")
    assert done.returncode == 2
    line = text.splitlines().index("num_generations: 7") + 1
    assert f"{config}:{line}:18: error: per_device_train_batch_size 8 × 4 processes × steps_per_generation 4 = 128 is not divisible by num_generations 7" in done.stderr


def test_the_reverse_rl_dry_run_lists_the_servers_the_run_starts(workdir: Path) -> None:
    done = pns(workdir, "reverse-rl", "--config", str(PAPER / "reverse-rl.yaml"), "--dry-run", "--launcher", "accelerate", "--gpus", "4", "--accelerate-config", ZERO3)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "servers     started by the run, healthy before the job starts, stopped when it ends" in out
    assert "-m trl.scripts.vllm_serve --model Qwen/Qwen2.5-7B-Instruct --host 127.0.0.1 --port '{port}' --tensor_parallel_size 2" in out
    assert "-m vllm.entrypoints.openai.api_server --model runs/reward-model/outputs/model --host 127.0.0.1 --port '{port}' --runner pooling" in out
    assert "  [missing] vLLM (servers.generation, servers.reward_model, servers.judge)" in out
    assert "  [missing] 8 CUDA GPU(s): 4 for the servers, 4 for the training" in out
    assert "a TRL vLLM generation server at" not in out  # started by the run, not by hand
