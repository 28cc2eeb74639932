"""Shared pytest setup: the `--counts-file` report that `npm test` reads, and common fixtures."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]

# Tests never reach the model hub; the tiny model is built locally.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--counts-file",
        default=None,
        help='write {"passed": N, "failed": N, "skipped": N} as JSON to this path when the session ends',
    )


class _Counter:
    def __init__(self) -> None:
        self.counts = {"passed": 0, "failed": 0, "skipped": 0}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # A test counts once: its call phase, or the setup/teardown phase that failed or skipped it.
        if report.when == "call":
            if report.passed:
                self.counts["passed"] += 1
            elif report.failed:
                self.counts["failed"] += 1
            elif report.skipped:
                self.counts["skipped"] += 1
        elif report.failed:
            self.counts["failed"] += 1
        elif report.skipped and report.when == "setup":
            self.counts["skipped"] += 1

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:  # an import error in a test file is a failure, not silence
            self.counts["failed"] += 1


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--counts-file"):
        config.pluginmanager.register(_Counter(), "pns-counts")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    target = session.config.getoption("--counts-file")
    if not target:
        return
    counter = session.config.pluginmanager.get_plugin("pns-counts")
    counts = counter.counts if counter else {"passed": 0, "failed": 1, "skipped": 0}
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(json.dumps(counts) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model, built once per machine under .cache/ (the build is cached by recipe)."""
    from pns_jobs.tiny_model import ensure_tiny_model

    return ensure_tiny_model(REPO / ".cache" / "tiny-qwen3")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("PNS_REWARD_URL", "PNS_REWARD_TOKEN", "RANK", "WORLD_SIZE", "LOCAL_RANK"):
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture(scope="session")
def pns_cli() -> str:
    """The PNS_CLI command the job subprocesses use: the repository's built CLI, never a stand-in
    (a stand-in grader would let a job test pass with a grader the product does not ship)."""
    import shlex

    if not (REPO / "dist" / "cli" / "main.js").is_file():
        pytest.fail("the pns CLI is not built (dist/cli/main.js): run `npm run build` before the job tests")
    return shlex.join(["node", str(REPO / "bin" / "pns.js")])
