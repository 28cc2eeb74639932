"""What every launcher shares: TRL's own argument parser over TRL's config dataclasses plus ours,
the run directory, status transitions, cancellation, the log, and `--resume`.

A launcher is `run_job(name, (JobArguments, SomeTrlConfig, ModelConfig), body)`: `body` gets a
`JobContext` and returns a dict of outputs that goes into status.json when it succeeds.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from . import JOBS
from .prompts import PromptArguments
from .run_dir import Cancelled, RunDirectory, install_cancel_handlers, is_main_process, last_checkpoint


@dataclass
class JobArguments(PromptArguments):
    """Arguments every PNS job takes besides TRL's own; they may appear in the YAML config. The
    prompt keys (`conversational`, `system_prompt`, `prompt_template`) come from PromptArguments."""

    dataset: str = field(default="", metadata={"help": ".pns file (exported via `pns export`), JSONL file or folder"})
    run_dir: str | None = field(default=None, metadata={"help": "run directory (default runs/<UTC time>-<job>)"})
    runs_root: str = field(default="runs", metadata={"help": "where new run directories are created"})
    reward_config: str = field(
        default="",
        metadata={"help": "pns.config.json for the reward server (read by `pns run`; default: the nearest one)"},
    )
    servers: Optional[dict] = field(  # noqa: UP007 - HfArgumentParser reads Optional[...], not `X | None`
        default=None,
        metadata={"help": "model servers `pns run` starts for this run (generation, reward_model, judge; read by `pns run`)"},
    )
    resume: bool = field(
        default=False,
        metadata={"help": "continue the run in --run_dir (default: the newest run of this job) from its last checkpoint"},
    )


@dataclass
class JobContext:
    job: str
    args: Any  # the job's JobArguments subclass
    training: Any | None  # the TRL config (a TrainingArguments subclass), when the job trains
    model: Any | None  # trl.ModelConfig, when the job loads a model
    run: RunDirectory
    resume_from: Path | None
    callbacks: list[Any] = field(default_factory=list)

    def train_and_save(self, trainer: Any) -> dict[str, Any]:
        """Trains (resuming from the last checkpoint when asked), saves the model into outputs/model
        and returns the job's result: the model folder and the number of optimizer steps."""
        trainer.train(resume_from_checkpoint=str(self.resume_from) if self.resume_from else None)
        model_dir = self.run.outputs / "model"
        trainer.save_model(str(model_dir))
        return {"model": str(model_dir), "steps": trainer.state.global_step}


class _Tee:
    """Writes to the console and to log.txt (used when no launcher captures the output)."""

    def __init__(self, stream: Any, log: Any) -> None:
        self.stream, self.log = stream, log

    def write(self, text: str) -> int:
        self.log.write(text)
        self.log.flush()
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()
        self.log.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def newest_run(runs_root: Path, job: str) -> Path | None:
    candidates = sorted(p for p in runs_root.glob(f"*-{job}") if p.is_dir()) if runs_root.is_dir() else []
    return candidates[-1] if candidates else None


def describe_failure(error: BaseException) -> str:
    """One line for status.json: the cause, plus the fix where we know it."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        where = f" while writing {error.filename}" if error.filename else ""
        return f"disk full{where}: free space, or lower save_total_limit / save_steps"
    text = str(error).strip().splitlines()
    first = text[0] if text else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def resolved_config(*parts: Any) -> dict[str, Any]:
    """Every field of every parsed dataclass: what the job actually ran with."""
    merged: dict[str, Any] = {}
    for part in parts:
        if part is None:
            continue
        values = part.to_dict() if hasattr(part, "to_dict") else dataclasses.asdict(part)
        for key, value in values.items():
            merged[key] = value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)
    return merged


def parse(dataclass_types: Sequence[type], argv: list[str]) -> tuple[Any, ...]:
    from trl import TrlParser

    return tuple(TrlParser(list(dataclass_types)).parse_args_and_config(argv))


def run_job(
    job: str,
    dataclass_types: Sequence[type],
    body: Callable[[JobContext], dict[str, Any]],
    argv: list[str] | None = None,
) -> int:
    """Parses, prepares the run directory, runs `body`, and records how it ended. Returns the exit
    code: 0 succeeded, 1 failed, 130 cancelled, 2 bad arguments (nothing started)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parsed = parse(dataclass_types, argv)
    except (ValueError, TypeError) as error:
        print(f"pns {job}: invalid configuration: {error}", file=sys.stderr)
        return 2
    args = next(p for p in parsed if isinstance(p, JobArguments))
    training = next((p for p in parsed if hasattr(p, "output_dir")), None)
    model = next((p for p in parsed if hasattr(p, "model_name_or_path")), None)

    runs_root = Path(args.runs_root)
    explicit = Path(args.run_dir) if args.run_dir else None
    if args.resume and explicit is None:
        explicit = newest_run(runs_root, job)
        if explicit is None:
            print(f"pns {job}: --resume found no earlier '{job}' run under {runs_root}", file=sys.stderr)
            return 2
    run = RunDirectory.create(job, runs_root, explicit)
    resume_from = last_checkpoint(run.checkpoints) if args.resume else None
    if training is not None:
        # Checkpoints always live in the run directory, so `--resume` and the editor find them.
        training.output_dir = str(run.checkpoints)
        training.logging_dir = str(run.path / "logs")

    # `pns run` captures the console into log.txt itself (PNS_LOG_CAPTURED=1), C-level output and
    # crashes included; a job started by hand tees its own Python-level output there instead.
    streams = (sys.stdout, sys.stderr)
    log = None
    if is_main_process() and os.environ.get("PNS_LOG_CAPTURED") != "1":
        log = (run.path / "log.txt").open("a", encoding="utf-8")
        sys.stdout = _Tee(sys.stdout, log)  # type: ignore[assignment]
        sys.stderr = _Tee(sys.stderr, log)  # type: ignore[assignment]
    try:
        return _run_body(job, argv, parsed, args, training, model, run, resume_from, body)
    finally:
        sys.stdout, sys.stderr = streams
        if log is not None:
            log.close()


def _run_body(
    job: str,
    argv: list[str],
    parsed: tuple[Any, ...],
    args: Any,
    training: Any,
    model: Any,
    run: RunDirectory,
    resume_from: Path | None,
    body: Callable[[JobContext], dict[str, Any]],
) -> int:
    run.write_launch_record(resolved_config(*parsed), [sys.executable, "-m", f"pns_jobs.{JOBS[job]}", *argv])
    run.write_status("running", resumed_from=str(resume_from) if resume_from else None, run_dir=str(run.path))
    if os.environ.get("PNS_LOG_CAPTURED") != "1":  # `pns run` has printed it already
        print(f"PNS_RUN_DIR={run.path}", flush=True)
    if args.resume:
        print(f"[pns] resuming from {resume_from}" if resume_from else "[pns] no checkpoint yet: starting over")

    cancelled_by: list[str] = []

    def on_cancel(name: str) -> None:
        cancelled_by.append(name)
        run.write_status("cancelled", reason=f"cancelled by {name}")

    install_cancel_handlers(on_cancel)
    from .metrics import MetricsCallback

    context = JobContext(job, args, training, model, run, resume_from, [MetricsCallback(run.metrics_file)])
    try:
        outputs = body(context)
    except Cancelled as cancelled:
        print(f"[pns] {job} cancelled ({cancelled})", file=sys.stderr, flush=True)
        return 130
    except BaseException as error:  # noqa: BLE001 - every failure must be recorded, then re-reported
        if cancelled_by:
            # The cancel arrived inside library code that wrapped our exception in its own (a
            # loader, a dataset map): the run was cancelled, not failed, and says so already.
            print(f"[pns] {job} cancelled (received {cancelled_by[0]})", file=sys.stderr, flush=True)
            return 130
        traceback.print_exc()
        reason = describe_failure(error)
        try:
            run.write_status("failed", reason=reason)
        except OSError:
            pass  # the disk may be full: the traceback above is all we can leave
        print(f"[pns] {job} failed: {reason}", file=sys.stderr, flush=True)
        return 1
    run.write_status("succeeded", outputs=outputs)
    if is_main_process():  # one line per run, not one per rank or node
        print(f"[pns] {job} succeeded: {run.path}", flush=True)
    return 0
