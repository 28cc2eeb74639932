"""Running one phase of a pipeline as a normal job: `pns run <job> --config <derived yaml>`, with
its own run directory under the pipeline's `phases/`, its output streamed with the phase's name,
and its end read from the phase's status.json (never from its exit code alone)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .pns_cli import pns_command
from .run_dir import write_json_atomic


class PhaseFailed(RuntimeError):
    """A phase did not succeed; the message says which, why, and how to go on."""


@dataclass
class PhaseRecord:
    name: str
    state: str = "pending"  # pending | running | succeeded | failed | skipped
    run_dir: str | None = None
    seconds: float | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None


class PhaseBook:
    """phases.json in the pipeline's run directory: what ran, how it ended, what it produced.
    `--resume` skips every phase recorded as succeeded and reuses its outputs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[str, PhaseRecord] = {}
        if path.is_file():
            for raw in json.loads(path.read_text(encoding="utf-8")):
                record = PhaseRecord(**raw)
                self.records[record.name] = record

    def save(self) -> None:
        write_json_atomic(self.path, [asdict(r) for r in self.records.values()])

    def done(self, name: str) -> PhaseRecord | None:
        record = self.records.get(name)
        return record if record and record.state == "succeeded" else None

    def record(self, record: PhaseRecord) -> None:
        self.records[record.name] = record
        self.save()

    def table(self) -> list[dict[str, Any]]:
        """Every phase but the report itself (which is being written while this is read)."""
        return [{"name": r.name, "run_dir": r.run_dir, "seconds": r.seconds, "state": r.state} for r in self.records.values() if r.name != "report"]


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    import yaml

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def run_job_phase(book: PhaseBook, name: str, job: str, config: dict[str, Any], pipeline_dir: Path, env: dict[str, str] | None = None) -> PhaseRecord:
    """Runs (or, when already succeeded, reuses) one job phase; raises PhaseFailed when it fails."""
    done = book.done(name)
    if done:
        print(f"[pns] phase {name}: done already ({done.run_dir}), skipped on resume", flush=True)
        return done
    config_path = write_yaml(pipeline_dir / "configs" / f"{name}.yaml", config)
    command = pns_command() + [
        "run", job, "--config", str(config_path), "--runs-root", str(pipeline_dir / "phases"),
        "--python", sys.executable, "--no-probe",
    ]
    record = PhaseRecord(name, "running")
    book.record(record)
    print(f"[pns] phase {name}: pns run {job}", flush=True)
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=pipeline_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, **(env or {})},
    )
    tail: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("PNS_RUN_DIR=") and record.run_dir is None:
            record.run_dir = line.split("=", 1)[1].strip()
            book.record(record)
        tail = (tail + [line.rstrip()])[-5:]
        print(f"  {name} | {line}", end="", flush=True)
    code = process.wait()
    record.seconds = round(time.monotonic() - started, 1)
    status = read_status(record.run_dir)
    if code == 0 and status.get("state") == "succeeded":
        record.state, record.outputs = "succeeded", status.get("outputs") or {}
        book.record(record)
        return record
    record.state = "failed"
    record.reason = status.get("reason") or (tail[-1] if tail else f"exit code {code}")
    book.record(record)
    raise PhaseFailed(f"phase {name} ({job}) failed: {record.reason} (run dir {record.run_dir}); fix it, then `pns run pipeline --resume`")


def read_status(run_dir: str | None) -> dict[str, Any]:
    if not run_dir:
        return {}
    try:
        return json.loads((Path(run_dir) / "status.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def run_local_phase(book: PhaseBook, name: str, body: Any) -> PhaseRecord:
    """A phase computed inside the pipeline process (data generation, pairs, report figures)."""
    done = book.done(name)
    if done:
        print(f"[pns] phase {name}: done already, skipped on resume", flush=True)
        return done
    record = PhaseRecord(name, "running")
    book.record(record)
    started = time.monotonic()
    try:
        record.outputs = body()
    except Exception as error:
        record.state, record.reason, record.seconds = "failed", f"{type(error).__name__}: {error}", round(time.monotonic() - started, 1)
        book.record(record)
        raise PhaseFailed(f"phase {name} failed: {record.reason}; fix it, then `pns run pipeline --resume`") from error
    record.state, record.seconds = "succeeded", round(time.monotonic() - started, 1)
    book.record(record)
    return record
