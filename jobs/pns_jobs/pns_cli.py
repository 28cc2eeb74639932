"""Running the `pns` CLI (export, grade, lint) from Python.

The jobs never re-implement the `.pns` parser or the grader: they call the same TypeScript engine
the editor uses. Which command runs it: `$PNS_CLI` (a shell-style command line, e.g.
`node /opt/pns/bin/pns.js`), else `bin/pns.js` of the repository this package sits in, else `pns`
on PATH.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterable

REPO = Path(__file__).resolve().parents[2]


class PnsCliError(RuntimeError):
    """The pns CLI is missing or a command failed; the message names the cause and the fix."""


def pns_command() -> list[str]:
    configured = os.environ.get("PNS_CLI")
    if configured:
        return shlex.split(configured)
    script = REPO / "bin" / "pns.js"
    if script.is_file():
        if not (REPO / "dist" / "cli" / "main.js").is_file():
            raise PnsCliError(f"{script} needs the built CLI (dist/cli/main.js): run `npm run build` in {REPO}")
        node = shutil.which("node")
        if node is None:
            raise PnsCliError("node is not on PATH: install Node 20+ or set PNS_CLI to a pns command")
        return [node, str(script)]
    found = shutil.which("pns")
    if found:
        return [found]
    raise PnsCliError("cannot find the pns CLI: set PNS_CLI (e.g. 'node /path/to/bin/pns.js')")


def run_pns(args: list[str], stdin: str | None = None, timeout: float = 600) -> str:
    """Runs `pns <args>` and returns stdout; a non-zero exit raises with the CLI's own message."""
    command = pns_command() + args
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        raise PnsCliError(f"`{shlex.join(command)}` did not finish within {timeout:.0f}s") from error
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
        raise PnsCliError(f"`pns {shlex.join(args[:2])}` failed: {detail}")
    return done.stdout


def export_pns(source: Path, fmt: str, target: Path, flags: list[str] | None = None) -> Path:
    """`pns export <source> --format <fmt> [flags]` into a JSONL file (the CLI writes rows to stdout)."""
    rows = run_pns(["export", str(source), "--format", fmt, *(flags or [])])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(rows, encoding="utf-8")
    if not rows.strip():
        raise PnsCliError(f"`pns export {source} --format {fmt}` produced no rows: does the file have samples?")
    return target


def grade_pairs(pairs: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """Grades every (gold, prediction) pair in ONE `pns grade --input -` process (JSONL both ways);
    returns the verdicts in input order."""
    lines = [json.dumps({"gold": gold, "pred": pred}) for gold, pred in pairs]
    if not lines:
        return []
    out = run_pns(["grade", "--input", "-"], stdin="\n".join(lines) + "\n")
    verdicts = [json.loads(line) for line in out.splitlines() if line.strip()]
    if len(verdicts) != len(lines):
        raise PnsCliError(f"pns grade returned {len(verdicts)} verdicts for {len(lines)} pairs")
    return verdicts
