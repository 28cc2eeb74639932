"""One probe, one subprocess: what `pns run` needs to know about an interpreter before launching.

    python -m pns_jobs.probe [--job reverse-rl]

Prints one JSON object: the Python version, the versions of the engines (null when missing), the
missing ones, and, with --job, whether CUDA is usable and every configuration key the job accepts
with its default (TRL's config dataclasses plus ours), so the config can be checked for unknown
keys and impossible sizes before anything starts. The key list is cached per interpreter, engine
versions and job (~/.cache/pns-jobs), so a repeated `pns run` does not import TRL twice.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib
import importlib.metadata
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import JOBS

ENGINES = ("torch", "transformers", "trl", "accelerate", "datasets", "peft", "yaml")
# Optional GPU engines: reported (a config that uses one is refused without it), never required.
GPU_ENGINES = ("vllm", "deepspeed", "flash_attn")
REQUIRED = {
    "reward-model": ("torch", "transformers", "trl", "accelerate", "datasets", "yaml"),
    "reverse-rl": ("torch", "transformers", "trl", "accelerate", "datasets", "yaml"),
    "dpo": ("torch", "transformers", "trl", "accelerate", "datasets", "yaml"),
    "synthesize": ("torch", "transformers", "trl", "datasets", "yaml"),
    "eval": ("torch", "transformers", "trl", "yaml"),
}


# Import name -> distribution name, for versions read from metadata without importing anything.
DISTRIBUTIONS = {"yaml": "PyYAML", "flash_attn": "flash-attn"}


def version_of(module: str) -> str | None:
    """The installed version, from package metadata: importing torch and TRL just to read their
    versions would cost seconds on every `pns run`."""
    try:
        return importlib.metadata.version(DISTRIBUTIONS.get(module, module))
    except importlib.metadata.PackageNotFoundError:
        return None


def cache_file(job: str, versions: dict[str, str | None]) -> Path:
    """Where the job's key list is cached: keyed by interpreter, engine versions and our sources,
    so any upgrade or edit recomputes it."""
    sources = sorted((p.name, p.stat().st_mtime_ns) for p in Path(__file__).parent.glob("*.py"))
    key = hashlib.sha256(json.dumps([sys.executable, versions, job, sources]).encode()).hexdigest()[:24]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pns-jobs"
    return root / f"probe-{job}-{key}.json"


def json_default(value: Any) -> Any:
    if value is dataclasses.MISSING:
        return None
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return str(value)


def job_fields(job: str) -> dict[str, Any]:
    """Every key the job's parser accepts, with its default."""
    module = importlib.import_module(f"pns_jobs.{JOBS[job]}")
    fields: dict[str, Any] = {}
    for cls in module.dataclass_types():
        for item in dataclasses.fields(cls):
            if item.default is not dataclasses.MISSING:
                default = item.default
            elif item.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
                default = item.default_factory()  # type: ignore[misc]
            else:
                default = None
            fields[item.name] = json_default(default)
    return fields


def cuda_report(torch: Any) -> dict[str, Any]:
    """CUDA as torch sees it: availability, device count, each device's name and memory (GiB)."""
    available = bool(torch.cuda.is_available())
    count = torch.cuda.device_count() if available else 0
    properties = [torch.cuda.get_device_properties(i) for i in range(count)]
    return {
        "available": available,
        "devices": count,
        "names": [p.name for p in properties],
        "memory_gib": [round(p.total_memory / 1024**3, 1) for p in properties],
        "cuda_version": getattr(torch.version, "cuda", None),
    }


def probe(job: str | None) -> dict[str, Any]:
    versions = {name: version_of(name) for name in (*ENGINES, *GPU_ENGINES)}
    needed = REQUIRED.get(job or "", REQUIRED["reverse-rl"])
    missing = [name for name in needed if versions[name] is None]
    result: dict[str, Any] = {
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "versions": versions,
        "missing": missing,
        "cuda": None,
    }
    if not job or missing:
        return result
    cached = cache_file(job, versions)
    try:
        result.update(json.loads(cached.read_text(encoding="utf-8")))
        return result
    except (OSError, ValueError):
        pass
    import torch

    slow = {"cuda": cuda_report(torch), "fields": job_fields(job)}
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(slow), encoding="utf-8")
    except OSError:
        pass  # a read-only home only costs the next probe its speed
    result.update(slow)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pns_jobs.probe")
    parser.add_argument("--job", choices=sorted(JOBS), default=None)
    args = parser.parse_args(argv)
    print(json.dumps(probe(args.job)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
