from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pns_jobs.run_dir import RunDirectory, last_checkpoint, redact_value, safe_argv, safe_environment, write_json_atomic


def test_run_directory_is_named_by_utc_time_and_job(tmp_path: Path, clean_env: None) -> None:
    run = RunDirectory.create("dpo", tmp_path)
    assert run.path.parent == tmp_path.resolve()
    assert run.path.name.endswith("-dpo") and run.path.name[:8].isdigit() and "T" in run.path.name
    second = RunDirectory.create("dpo", tmp_path)
    assert second.path != run.path  # same second: a suffix, never a shared folder


def test_several_ranks_require_an_explicit_run_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORLD_SIZE", "2")
    with pytest.raises(SystemExit, match="--run_dir"):
        RunDirectory.create("dpo", tmp_path)
    assert RunDirectory.create("dpo", tmp_path, tmp_path / "shared").path == (tmp_path / "shared").resolve()


def test_status_transitions_keep_start_and_add_end(tmp_path: Path, clean_env: None) -> None:
    run = RunDirectory.create("eval", tmp_path)
    run.write_status("running")
    started = run.read_status()["started"]
    assert "ended" not in run.read_status()
    run.write_status("failed", reason="boom")
    status = json.loads(run.status_file.read_text())
    assert status["state"] == "failed" and status["reason"] == "boom"
    assert status["started"] == started and "ended" in status
    with pytest.raises(ValueError):
        run.write_status("exploded")


def test_only_rank_zero_writes_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = RunDirectory(tmp_path, "dpo")
    monkeypatch.setenv("RANK", "1")
    run.write_status("running")
    assert not run.status_file.exists()


def test_secrets_never_reach_the_launch_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_env: None) -> None:
    env = {"PNS_REWARD_TOKEN": "t", "OPENAI_API_KEY": "k", "DB_PASSWORD": "p", "HF_SECRET": "s", "PATH": "/bin"}
    assert safe_environment(env) == {"PATH": "/bin"}
    monkeypatch.setenv("PNS_REWARD_TOKEN", "do-not-write-me")
    run = RunDirectory.create("dpo", tmp_path)
    run.write_launch_record({"beta": 0.1}, ["python", "-m", "pns_jobs.dpo"])
    record = (run.path / "command.json").read_text()
    assert "do-not-write-me" not in record and "PNS_REWARD_TOKEN" not in record
    assert "beta: 0.1" in (run.path / "config.yaml").read_text()


# Secrets that slipped past the name filter before (issue 16): by name and by value shape.
_LEAKS = {
    "DB_PASS": "hunter2hunter2",
    "GITHUB_PAT": "not-a-shape-but-named",
    "DATABASE_URL": "postgres://admin:s3cr3t-pw@db.internal:5432/pns",
    "NOTIFY_URL": "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX",
    "EXTRA_ARGS": "--token sk-proj-abcdefghijklmnopqrstuvwx1234",
    "MIRROR": "https://ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/org/repo.git",
    "SIGNED": "https://bucket.example.com/file?X-Amz-Signature=deadbeefcafe1234&name=ok",
    "HUB": "hf_abcdefghijklmnopqrstuvwxyzABCD",
    "AWS_ID": "AKIAABCDEFGHIJKLMNOP",
    "OPAQUE": "Zk9vQmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZkdISUo",
}
_SECRETS = [
    "hunter2hunter2",
    "not-a-shape-but-named",
    "s3cr3t-pw",
    "XXXXXXXXXXXXXXXXXXXXXXXX",
    "sk-proj-abcdefghijklmnopqrstuvwx1234",
    "ghp_abcdefghijklmnopqrstuvwxyz0123",
    "deadbeefcafe1234",
    "hf_abcdefghijklmnopqrstuvwxyzABCD",
    "AKIAABCDEFGHIJKLMNOP",
    "Zk9vQmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZkdISUo",
]


def test_the_launch_record_redacts_by_value_as_well_as_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_env: None
) -> None:
    for name, value in _LEAKS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PNS_PLAIN", "/opt/conda/envs/py310_torch2_cuda121/bin")
    run = RunDirectory.create("dpo", tmp_path)
    argv = ["python", "-m", "pns_jobs.dpo", "--hub-token", "plain-words", "--api-key=abc", "--beta", "0.1",
            "--push", "https://user:pw1234@example.com/x"]
    run.write_launch_record({"beta": 0.1}, argv)
    record = (run.path / "command.json").read_text()
    for secret in _SECRETS + ["plain-words", "pw1234"]:
        assert secret not in record, secret
    data = json.loads(record)
    # What is not a secret stays, so the record still says how to run the job again.
    assert data["env"]["DATABASE_URL"] == "postgres://<redacted>@db.internal:5432/pns"
    assert data["env"]["SIGNED"].endswith("&name=ok")
    assert data["env"]["PNS_PLAIN"] == "/opt/conda/envs/py310_torch2_cuda121/bin"
    assert data["argv"][:8] == ["python", "-m", "pns_jobs.dpo", "--hub-token", "<redacted>", "--api-key=<redacted>", "--beta", "0.1"]
    assert "DB_PASS" not in data["env"] and "GITHUB_PAT" not in data["env"]


def test_value_redaction_leaves_ordinary_values_alone() -> None:
    for value in ["/usr/bin:/bin", "0.1", "Qwen/Qwen2.5-7B-Instruct", "http://127.0.0.1:8765/v1", "a3f9c2e"]:
        assert redact_value(value) == value
    assert safe_argv(["--use-auth", "--beta", "1"]) == ["--use-auth", "--beta", "1"]


def test_atomic_write_leaves_no_temp_files(tmp_path: Path) -> None:
    write_json_atomic(tmp_path / "status.json", {"a": 1})
    write_json_atomic(tmp_path / "status.json", {"a": 2})
    assert [p.name for p in tmp_path.iterdir()] == ["status.json"]
    assert json.loads((tmp_path / "status.json").read_text()) == {"a": 2}


def test_last_checkpoint_skips_incomplete_ones(tmp_path: Path) -> None:
    assert last_checkpoint(tmp_path / "none") is None
    for step, complete in ((2, True), (10, True), (12, False)):
        folder = tmp_path / f"checkpoint-{step}"
        folder.mkdir()
        if complete:
            (folder / "trainer_state.json").write_text("{}")
    assert last_checkpoint(tmp_path) == tmp_path / "checkpoint-10"  # 10 > 2 numerically; 12 is torn


def _signal_a_running_job(tmp_path: Path, body: str, sig: signal.Signals) -> tuple[int, dict]:
    """Runs a job whose `body(ctx)` is `body` in a real process, sends `sig` once the body has
    printed READY, and returns the exit code and the run's status.json."""
    script = textwrap.dedent(
        f"""
        import sys, time
        from pns_jobs.job import JobArguments, run_job
        {textwrap.indent(textwrap.dedent(body), "        ").strip()}
        sys.exit(run_job("eval", (JobArguments,), body, ["--runs_root", {str(tmp_path)!r}]))
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("RANK", "WORLD_SIZE")}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:  # wait for the condition, not for a fixed time
        if line.startswith("READY"):
            break
    proc.send_signal(sig)
    code = proc.wait(timeout=30)
    (run_path,) = list(tmp_path.iterdir())
    return code, json.loads((run_path / "status.json").read_text())


def test_sigterm_marks_the_run_cancelled(tmp_path: Path) -> None:
    """A real process: the handler writes `cancelled` and the job unwinds with exit code 130."""
    body = """
        def body(ctx):
            print("READY", flush=True)
            time.sleep(60)
            return {}
    """
    code, status = _signal_a_running_job(tmp_path, body, signal.SIGTERM)
    assert code == 130
    assert status["state"] == "cancelled" and "SIGTERM" in status["reason"]


def test_a_cancel_wrapped_by_library_code_still_ends_cancelled(tmp_path: Path) -> None:
    """The signal lands inside code that catches everything and raises its own error (as loaders
    and dataset maps do): the run stays `cancelled`, not `failed`, and the exit code says so."""
    body = """
        def body(ctx):
            try:
                print("READY", flush=True)
                time.sleep(60)
            except Exception as error:
                raise RuntimeError("loading failed") from error
            return {}
    """
    code, status = _signal_a_running_job(tmp_path, body, signal.SIGINT)
    assert code == 130
    assert status["state"] == "cancelled" and "SIGINT" in status["reason"]


def test_a_failing_job_records_the_reason(tmp_path: Path, clean_env: None) -> None:
    from pns_jobs.job import JobArguments, run_job

    def body(_ctx: object) -> dict:
        raise OSError(28, "No space left on device", "/runs/x/checkpoint-4/model.safetensors")

    assert run_job("eval", (JobArguments,), body, ["--runs_root", str(tmp_path)]) == 1
    (run_path,) = list(tmp_path.iterdir())
    status = json.loads((run_path / "status.json").read_text())
    assert status["state"] == "failed"
    assert status["reason"].startswith("disk full while writing /runs/x/checkpoint-4")


def test_unknown_config_keys_fail_before_anything_starts(tmp_path: Path, clean_env: None) -> None:
    from pns_jobs.job import JobArguments, run_job

    config = tmp_path / "job.yaml"
    config.write_text("dataset: x.jsonl\nlearning_rat: 0.1\n")
    code = run_job("eval", (JobArguments,), lambda _c: {}, ["--config", str(config), "--runs_root", str(tmp_path / "runs")])
    assert code == 2
    assert not (tmp_path / "runs").exists()
