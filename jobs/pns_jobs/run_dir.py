"""The run directory every job writes: `runs/<UTC time>-<job>/`.

Layout (the editor, `pns run` and people read it; nothing in it is presented as complete before
`status.json` says `succeeded`):

    config.yaml      the resolved configuration (every field the job ran with)
    command.json     argv, working directory, interpreter, environment without secrets
    status.json      {"state": running|succeeded|failed|cancelled, "reason", "started", "ended", ...}
    metrics.jsonl    one JSON object per trainer log event (see metrics.py)
    samples.jsonl    the rollouts / pairs behind the curves' points, a few per step (see samples.py)
    log.txt          the job's console output (written by `pns run`, or by the job when run alone)
    checkpoints/     trainer checkpoints (`--resume` continues from the last one)
    outputs/         the job's products (final model, .pns file, eval tables)

Only the main process writes: with several ranks every rank shares the directory that the
launcher created and passed down.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import FrameType
from typing import Any, Callable, Mapping

# Environment variables whose names match this never reach command.json.
SECRET_NAME = re.compile(
    r"KEY|TOKEN|SECRET|PASS|CREDENTIAL|AUTH|PRIVATE|WEBHOOK|COOKIE|SESSION|SIGNATURE|DSN|(^|_)PAT($|_)",
    re.IGNORECASE,
)

# Values that are secrets whatever the variable or argument is called: credentials inside URLs,
# secret-named query parameters, webhook URLs (the path is the secret) and the shapes of common
# tokens. What matches is replaced by REDACTED; the rest of the value stays readable.
REDACTED = "<redacted>"
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@")
_SECRET_QUERY = re.compile(
    r"(?i)([?&;](?:[a-z0-9_.-]*(?:key|token|secret|pass|pwd|sig|signature|auth|credential|session|code))=)[^&#\s]+"
)
_WEBHOOK = re.compile(
    r"(?i)https?://(?:hooks\.slack\.com/|[a-z0-9.-]*discord(?:app)?\.com/api/webhooks/|[a-z0-9.-]*webhook[a-z0-9.-]*/)\S+"
)
_TOKEN_SHAPES = re.compile(
    r"\b(?:"
    r"sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}"  # OpenAI, Anthropic
    r"|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}"  # GitHub
    r"|glpat-[A-Za-z0-9_-]{20,}"  # GitLab
    r"|xox[abprs]-[A-Za-z0-9-]{10,}"  # Slack
    r"|(?:AKIA|ASIA)[0-9A-Z]{16}"  # AWS access key id
    r"|hf_[A-Za-z0-9]{20,}"  # Hugging Face
    r"|AIza[0-9A-Za-z_-]{30,}"  # Google
    r"|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"  # JWT
    r")"
)
# A long run of letters of both cases and digits (base64/base62 keys) that no shape above names.
_HIGH_ENTROPY = re.compile(r"(?<![A-Za-z0-9_+=-])(?=[A-Za-z0-9_+=-]*[a-z])(?=[A-Za-z0-9_+=-]*[A-Z])(?=[A-Za-z0-9_+=-]*[0-9])[A-Za-z0-9_+=-]{32,}")


def redact_value(value: str) -> str:
    """`value` with every credential-shaped part replaced by REDACTED."""
    value = _WEBHOOK.sub(REDACTED, value)
    value = _URL_USERINFO.sub(lambda m: f"{m.group(1)}{REDACTED}@", value)
    value = _SECRET_QUERY.sub(lambda m: f"{m.group(1)}{REDACTED}", value)
    value = _TOKEN_SHAPES.sub(REDACTED, value)
    return _HIGH_ENTROPY.sub(REDACTED, value)

# Options whose next value (or `=value`) is a credential: `--hub-token X`, `--api-key=X`.
SECRET_OPTION = re.compile(
    r"token|secret|passw|api[-_]?key|credential|(^|[-_])pat($|[-_])|webhook", re.IGNORECASE
)

STATES = ("running", "succeeded", "failed", "cancelled")


def utc_stamp(now: datetime | None = None) -> str:
    """`20261126T054412Z`: sorts by time, no characters that need quoting in a shell."""
    return (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")


def iso_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def is_main_process() -> bool:
    """True on the global rank 0 (torchrun / accelerate set RANK); True when not distributed."""
    return int(os.environ.get("RANK", "0")) == 0


def safe_environment(env: Mapping[str, str]) -> dict[str, str]:
    """The environment minus credential-named variables, the rest with credential-shaped values
    redacted (`DB_URL=postgres://u:<redacted>@db`, a token in `EXTRA_ARGS`)."""
    return {k: redact_value(v) for k, v in sorted(env.items()) if not SECRET_NAME.search(k)}


def safe_argv(argv: list[str]) -> list[str]:
    """The command line with credential-shaped values redacted, and the value after a
    credential-named option (`--hub-token X`, `--api-key=X`) replaced."""
    out: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next and not arg.startswith("--"):
            out.append(REDACTED)
            hide_next = False
            continue
        hide_next = False
        if arg.startswith("-") and SECRET_OPTION.search(arg.split("=", 1)[0].lstrip("-")):
            if "=" in arg:
                out.append(arg.split("=", 1)[0] + "=" + REDACTED)
            else:
                out.append(arg)
                hide_next = True
            continue
        out.append(redact_value(arg))
    return out


def write_json_atomic(path: Path, data: Any) -> None:
    """Readers (the editor polling status.json, `pns run`) never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes 0600; the run directory is meant to be read by others
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@dataclass
class RunDirectory:
    """One job's run directory; see the module docstring for the layout."""

    path: Path
    job: str

    @classmethod
    def create(cls, job: str, runs_root: Path, explicit: Path | None = None) -> "RunDirectory":
        """Uses `explicit` (what `pns run` passes; required with several ranks, which must agree
        on one folder) or makes `runs_root/<UTC time>-<job>/`, adding a suffix on a clash."""
        if explicit is not None:
            explicit.mkdir(parents=True, exist_ok=True)
            return cls(explicit.resolve(), job)
        if int(os.environ.get("WORLD_SIZE", "1")) > 1:
            raise SystemExit(
                "several processes need one shared run directory: pass --run_dir "
                "(`pns run` does this for you)"
            )
        runs_root.mkdir(parents=True, exist_ok=True)
        base = f"{utc_stamp()}-{job}"
        for attempt in range(100):
            candidate = runs_root / (base if attempt == 0 else f"{base}-{attempt}")
            try:
                candidate.mkdir()
                return cls(candidate.resolve(), job)
            except FileExistsError:
                continue
        raise SystemExit(f"cannot create a fresh run directory under {runs_root}")

    @property
    def checkpoints(self) -> Path:
        return self.path / "checkpoints"

    @property
    def outputs(self) -> Path:
        return self.path / "outputs"

    @property
    def metrics_file(self) -> Path:
        return self.path / "metrics.jsonl"

    @property
    def samples_file(self) -> Path:
        return self.path / "samples.jsonl"

    @property
    def status_file(self) -> Path:
        return self.path / "status.json"

    def read_status(self) -> dict[str, Any]:
        try:
            return json.loads(self.status_file.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def write_status(self, state: str, **fields: Any) -> None:
        """Merges `fields` into status.json and sets `state`; ended states get an end time."""
        if state not in STATES:
            raise ValueError(f"unknown run state {state!r}")
        if not is_main_process():
            return
        status = self.read_status()
        status.update(fields)
        status.update(state=state, job=self.job, updated=iso_now(), pid=os.getpid())
        if state == "running":
            status.setdefault("started", iso_now())
            status.pop("ended", None)
            status.pop("reason", None)
        else:
            status["ended"] = iso_now()
        write_json_atomic(self.status_file, status)

    def write_launch_record(self, config: Mapping[str, Any], argv: list[str]) -> None:
        """config.yaml (resolved) and command.json (how to run it again, no secrets)."""
        if not is_main_process():
            return
        import yaml  # local: only the launchers need it

        self.path.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(dict(config), sort_keys=True, allow_unicode=True)
        (self.path / "config.yaml").write_text(text, encoding="utf-8")
        write_json_atomic(
            self.path / "command.json",
            {
                "argv": safe_argv(argv),
                "python": sys.executable,
                "cwd": os.getcwd(),
                "job": self.job,
                "world_size": int(os.environ.get("WORLD_SIZE", "1")),
                "env": safe_environment(os.environ),
            },
        )


def last_checkpoint(folder: Path) -> Path | None:
    """The `checkpoint-<step>` folder with the highest step that holds a trainer state, if any.
    A checkpoint interrupted mid-write has no trainer_state.json yet and is skipped."""
    if not folder.is_dir():
        return None
    best: tuple[int, Path] | None = None
    for child in folder.iterdir():
        match = re.fullmatch(r"checkpoint-(\d+)", child.name)
        if match and (child / "trainer_state.json").is_file():
            step = int(match.group(1))
            if best is None or step > best[0]:
                best = (step, child)
    return best[1] if best else None


class Cancelled(Exception):
    """Raised in the main thread when SIGTERM/SIGINT arrives, so `finally` blocks still run."""


def install_cancel_handlers(on_cancel: Callable[[str], None]) -> None:
    """SIGTERM (scancel, `pns run` on Ctrl-C) and SIGINT mark the run cancelled, then unwind."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        on_cancel(name)
        # Restore defaults so a second signal kills at once instead of unwinding again.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        raise Cancelled(f"received {name}")

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def elapsed_since(start: float) -> float:
    return round(time.monotonic() - start, 3)
