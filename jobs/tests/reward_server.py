"""The real `pns serve-reward` for tests: started on a free port with a config of the test's, its
address and token read from the lines it prints, stopped at the end."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator


@contextmanager
def serve_reward(pns_cli: str, folder: Path, config: dict[str, Any], *args: str) -> Iterator[tuple[str, str]]:
    """Yields (PNS_REWARD_URL, PNS_REWARD_TOKEN) of a server reading `folder/pns.config.json`."""
    (folder / "pns.config.json").write_text(json.dumps(config))
    server = subprocess.Popen(
        [*shlex.split(pns_cli), "serve-reward", "--port", "0", *args, "--config", str(folder / "pns.config.json")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=folder,
    )
    assert server.stdout is not None
    found: dict[str, str] = {}
    try:
        for line in server.stdout:
            if m := re.match(r"(PNS_REWARD_URL|PNS_REWARD_TOKEN)=(\S+)", line):
                found[m.group(1)] = m.group(2)
            if len(found) == 2:
                break
        assert len(found) == 2, server.stderr.read() if server.poll() is not None else "no address"
        yield found["PNS_REWARD_URL"], found["PNS_REWARD_TOKEN"]
    finally:
        server.terminate()
        server.wait(timeout=10)
