"""`pns run --launcher slurm` against a REAL Slurm: one slurmctld and two slurmd (nodes pns1 and
pns2 on this host, CPU only, no accounting) started by scripts/slurm-test-cluster.sh, which installs
Debian's slurm-wlm when it is missing. The tiny jobs run on it for real: one node, two nodes, a
Ctrl-C, a refused GPU request, and a time-limit kill continued with --resume.

Skipped, with the reason, only where Slurm is missing and cannot be installed (not root, no
apt-get); CI runs as root on Debian, so there it runs. The daemons are stopped by their pids.

The time-limit job runs beside the other tests (Slurm's time limit counts in minutes and is checked
every 30 s; two minutes leave room to reach a first checkpoint on a busy machine): it starts with the module and is paused with SIGSTOP once it has a checkpoint, so it
costs no CPU while it waits for Slurm to kill it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from conftest import REPO
from test_model_servers import tiny_classifier  # noqa: F401 - the fixture, shared


CLUSTER_SCRIPT = REPO / "scripts" / "slurm-test-cluster.sh"
# sbatch reads quotes in #SBATCH lines itself: this value must arrive as written.
TRICKY_COMMENT = "it's a $HOME `date` #test"


@pytest.fixture(scope="module")
def slurm_conf(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("slurm")
    started = subprocess.run(["bash", str(CLUSTER_SCRIPT), "start", str(folder)], capture_output=True, text=True, timeout=600, check=False)
    if started.returncode == 3:
        pytest.skip(f"no Slurm here: {started.stderr.strip()}")
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield str(folder / "slurm.conf")
    finally:
        stopped = subprocess.run(["bash", str(CLUSTER_SCRIPT), "stop", str(folder)], capture_output=True, text=True, timeout=60, check=False)
        assert stopped.returncode == 0, stopped.stderr
        for pid_file in folder.glob("*.pid"):  # nothing left running
            pid = int(pid_file.read_text())
            assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2], pid_file.name


def environment(slurm_conf: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PNS_REWARD", "SLURM_"))}
    env.update(
        SLURM_CONF=slurm_conf,
        PNS_PYTHON=str(REPO / "jobs" / ".venv" / "bin" / "python"),
        HF_HUB_OFFLINE="1",
        OMP_NUM_THREADS="1",  # two cores for every job on the test cluster
    )
    return env


def pns_command(*args: str) -> list[str]:
    # --no-probe: the launcher is under test here, not the config's keys (test_pns_run.py and
    # test_paper_configs.py probe); it also spares each run importing TRL once more.
    return ["node", str(REPO / "bin" / "pns.js"), "run", *args, "--no-probe"]


def pns(slurm_conf: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(pns_command(*args), cwd=REPO, env=environment(slurm_conf), capture_output=True, text=True, timeout=600, check=False)


def run_dir_of(output: str) -> Path:
    return Path(re.search(r"^PNS_RUN_DIR=(.*)$", output, re.M).group(1))  # type: ignore[union-attr]


def job_id_of(output: str) -> str:
    return re.search(r"submitted slurm job (\d+)", output).group(1)  # type: ignore[union-attr]


def status(run_dir: Path) -> dict[str, object]:
    return json.loads((run_dir / "status.json").read_text())


def trained_steps(run_dir: Path) -> list[int]:
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    return [r["step"] for r in rows if "loss" in r]


def scontrol_job(slurm_conf: str, job_id: str) -> str:
    return subprocess.run(["scontrol", "show", "job", job_id, "-o"], env=environment(slurm_conf), capture_output=True, text=True, check=True).stdout


def config_file(tmp_path: Path, base: str, **overrides: object) -> Path:
    """The tiny config with some keys replaced (written as YAML scalars)."""
    lines = [line for line in (REPO / base).read_text().splitlines() if line.split(":", 1)[0] not in overrides]
    lines += [f"{key}: {value}" for key, value in overrides.items()]
    path = tmp_path / Path(base).name
    path.write_text("\n".join(lines) + "\n")
    return path


class TimeLimited:
    """A DPO run with a two-minute limit (room to reach a checkpoint on a loaded machine), paused (SIGSTOP) once it has checkpoint-N and has logged a
    step after N: Slurm then kills it for its time limit, and a resume must not log that step twice."""

    def __init__(self, slurm_conf: str, folder: Path) -> None:
        self.runs = folder / "runs"
        config = config_file(folder, "examples/tiny/dpo.yaml", max_steps=40, save_steps=2, save_total_limit=5)
        self.config = config
        self.process = subprocess.Popen(
            pns_command("dpo", "--config", str(config), "--launcher", "slurm", "--gpus", "0", "--time", "2", "--runs-root", str(self.runs)),
            cwd=REPO,
            env=environment(slurm_conf),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output = ""
        self.paused: list[int] = []
        self.checkpoint_step = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.pauser = threading.Thread(target=self._pause_after_a_checkpoint, daemon=True)
        self.pauser.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output += line

    def _job_processes(self, job_id: str) -> list[int]:
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                environ = (proc / "environ").read_bytes().split(b"\0")
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if f"SLURM_JOB_ID={job_id}".encode() in environ and b"pns_jobs.dpo" in cmdline:
                found.append(int(proc.name))
        return found

    def _pause_after_a_checkpoint(self) -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and self.process.poll() is None:
            match = re.search(r"^PNS_RUN_DIR=(.*)$", self.output, re.M)
            job = re.search(r"submitted slurm job (\d+)", self.output)
            if match and job:
                run_dir = Path(match.group(1))
                checkpoints = sorted(
                    int(p.name.split("-")[1]) for p in (run_dir / "checkpoints").glob("checkpoint-*") if (p / "trainer_state.json").is_file()
                )
                steps = trained_steps(run_dir) if (run_dir / "metrics.jsonl").is_file() else []
                if checkpoints and steps and max(steps) > checkpoints[-1]:
                    self.paused = self._job_processes(job.group(1))
                    for pid in self.paused:
                        os.kill(pid, signal.SIGSTOP)
                    self.checkpoint_step = checkpoints[-1]
                    # The newest checkpoint may have been written between the two reads: look again.
                    self.checkpoint_step = max(
                        int(p.name.split("-")[1]) for p in (run_dir / "checkpoints").glob("checkpoint-*") if (p / "trainer_state.json").is_file()
                    )
                    return
            time.sleep(0.05)

    def wait(self) -> tuple[int, str]:
        code = self.process.wait(timeout=300)
        self.reader.join(timeout=10)
        return code, self.output


@pytest.fixture(scope="module")
def time_limited(slurm_conf: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TimeLimited]:
    job = TimeLimited(slurm_conf, tmp_path_factory.mktemp("time-limit"))
    try:
        yield job
    finally:
        if job.process.poll() is None:
            job.process.send_signal(signal.SIGINT)  # pns run scancels the job
            job.process.wait(timeout=120)


def test_reverse_rl_on_one_cpu_node(slurm_conf: str, time_limited: TimeLimited, tmp_path: Path) -> None:
    done = pns(
        slurm_conf,
        "reverse-rl",
        "--config",
        "examples/tiny/reverse-rl.yaml",
        "--launcher",
        "slurm",
        "--gpus",
        "0",
        "--runs-root",
        str(tmp_path),
        f"--sbatch=--comment={TRICKY_COMMENT}",
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    out = done.stdout
    run_dir, job_id = run_dir_of(out), job_id_of(out)
    assert "(1 node(s), CPU only)" in out
    assert "#SBATCH --gres" not in (run_dir / "sbatch.sh").read_text()
    assert re.search(r"rendezvous 127\.0\.0\.1:\d+", out)  # NodeAddr, not the node's name
    # One final line from pns run, one success line from the job.
    assert len(re.findall(r"^\[pns\] reverse-rl succeeded \(", out, re.M)) == 1
    assert out.count("[pns] reverse-rl succeeded: ") == 1
    assert out.strip().splitlines()[-1].startswith("[pns] reverse-rl succeeded (")
    result = status(run_dir)
    # No accounting on this cluster: the end state came from scontrol, not from a minute of sacct.
    assert result["state"] == "succeeded" and result["slurm_state"] == "COMPLETED" and result["slurm_exit_code"] == "0:0"
    assert result["slurm_job_id"] == job_id
    steps = trained_steps(run_dir)
    assert steps == sorted(set(steps)) and len(steps) >= 4
    assert f"Comment={TRICKY_COMMENT}" in scontrol_job(slurm_conf, job_id)


def test_dpo_on_two_nodes(slurm_conf: str, tmp_path: Path) -> None:
    started = time.time()
    done = pns(slurm_conf, "dpo", "--config", "examples/tiny/dpo.yaml", "--launcher", "slurm", "--gpus", "0", "--nodes", "2", "--runs-root", str(tmp_path))
    finished = time.time()
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    out = done.stdout
    run_dir = run_dir_of(out)
    assert "on 2 node(s): pns1 pns2" in out
    assert out.count("[pns] dpo succeeded: ") == 1  # printed by the main process only, not per node
    assert len(re.findall(r"^\[pns\] dpo succeeded \(", out, re.M)) == 1
    result = status(run_dir)
    assert result["state"] == "succeeded" and result["processes"] == 2 and result["slurm_state"] == "COMPLETED"
    assert trained_steps(run_dir) == [1, 2, 3, 4]
    command = json.loads((run_dir / "command.json").read_text())
    assert command["world_size"] == 2
    # `ended` is when the job ended, not when pns run learned about it.
    ended = time.mktime(time.strptime(str(result["ended"]), "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    assert started - 2 <= ended <= finished + 1


def test_gpu_request_on_a_cluster_without_gpus_fails_with_the_fix(slurm_conf: str, tmp_path: Path) -> None:
    done = pns(slurm_conf, "dpo", "--config", "examples/tiny/dpo.yaml", "--launcher", "slurm", "--gpus", "1", "--runs-root", str(tmp_path))
    assert done.returncode == 1
    result = status(run_dir_of(done.stdout))
    assert result["state"] == "failed"
    assert "Invalid generic resource" in str(result["reason"]) and "--gpus 0" in str(result["reason"])


def test_ctrl_c_cancels_the_slurm_job(slurm_conf: str, tmp_path: Path) -> None:
    process = subprocess.Popen(
        pns_command("dpo", "--config", "examples/tiny/dpo.yaml", "--launcher", "slurm", "--gpus", "0", "--runs-root", str(tmp_path)),
        cwd=REPO,
        env=environment(slurm_conf),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    output = ""
    for line in process.stdout:
        output += line
        if re.search(r"slurm job \d+: RUNNING", line):
            process.send_signal(signal.SIGINT)
            break
    output += process.stdout.read()
    assert process.wait(timeout=120) == 1, output
    job_id = job_id_of(output)
    result = status(run_dir_of(output))
    assert result["state"] == "cancelled" and result["reason"] == f"cancelled by the user (Ctrl-C): scancel {job_id}"
    assert "JobState=CANCELLED" in scontrol_job(slurm_conf, job_id)


def test_time_limit_kill_fails_with_the_resume_hint_and_resume_logs_each_step_once(slurm_conf: str, time_limited: TimeLimited) -> None:
    code, output = time_limited.wait()
    assert code == 1, output[-4000:]
    assert time_limited.paused, "the job never reached a checkpoint"
    run_dir, job_id = run_dir_of(output), job_id_of(output)
    reason = f"slurm job {job_id} ended TIMEOUT"
    last = output.strip().splitlines()[-1]
    assert last.startswith(f"[pns] dpo failed: {reason}") and "continue with --resume" in last, last
    result = status(run_dir)
    assert result["state"] == "failed" and result["slurm_state"] == "TIMEOUT"
    assert str(result["reason"]).startswith(reason)
    before = trained_steps(run_dir)
    assert max(before) > time_limited.checkpoint_step  # the stopped run logged a step after its checkpoint

    folder = time_limited.config.parent / "resume"
    folder.mkdir()
    resume_config = config_file(folder, "examples/tiny/dpo.yaml", max_steps=time_limited.checkpoint_step + 2, save_steps=2)
    done = pns(slurm_conf, "dpo", "--config", str(resume_config), "--launcher", "slurm", "--gpus", "0", "--resume", str(run_dir))
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert status(run_dir)["state"] == "succeeded" and "reason" not in status(run_dir)
    assert str(status(run_dir)["resumed_from"]).endswith(f"checkpoint-{time_limited.checkpoint_step}")
    assert trained_steps(run_dir) == list(range(1, time_limited.checkpoint_step + 3))


def test_reverse_rl_with_the_reward_model_server_its_config_names(slurm_conf: str, tmp_path: Path, tiny_classifier: Path) -> None:
    """servers.reward_model on a Slurm node: jobs' real /classify server, started by node.sh through
    the supervisor before the reward server, scoring for the job, stopped when the task ends."""
    from test_model_servers import gone
    from test_run_servers import project

    done = pns(slurm_conf, "reverse-rl", "--config", str(project(tmp_path, str(tiny_classifier))), "--launcher", "slurm", "--gpus", "0", "--runs-root", str(tmp_path / "runs"))
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    run_dir = run_dir_of(done.stdout)
    assert "[pns] server reward_model healthy at http://127.0.0.1:" in done.stdout
    record = json.loads((run_dir / "servers" / "node-0" / "servers.json").read_text())
    assert record["state"] == "stopped" and gone(record["servers"][0]["pid"]), record
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    assert sum(r.get("pns/remote_calls", 0) for r in rows) > 0

    broken = tmp_path / "broken"
    broken.mkdir()
    failed = pns(slurm_conf, "reverse-rl", "--config", str(project(broken, str(broken / "no-such-model"))), "--launcher", "slurm", "--gpus", "0", "--runs-root", str(broken / "runs"))
    assert failed.returncode == 1, failed.stdout[-3000:]
    reason = status(run_dir_of(failed.stdout))["reason"]
    assert str(reason).startswith("model servers on ") and "server reward_model exited with code 1 before it was healthy" in str(reason), reason
    assert str(reason).endswith("ended FAILED (exit 1:0))"), reason
