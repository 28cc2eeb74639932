"""One probe, one subprocess: what `pns run` needs to know about an interpreter before launching.

    python -m pns_jobs.probe [--job reverse-rl]

Prints one JSON object: the Python version, the versions of the engines (null when missing), the
missing ones with the command that installs them, whether CUDA is usable, and, with --job, every
configuration key the job accepts with its default (TRL's config dataclasses plus ours), so the
config can be checked for unknown keys and impossible sizes before anything starts.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import sys
from typing import Any

from . import JOBS

ENGINES = ("torch", "transformers", "trl", "accelerate", "datasets", "peft", "yaml")
REQUIRED = {
    "reward-model": ("torch", "transformers", "trl", "accelerate", "datasets", "yaml"),
    "reverse-rl": ("torch", "transformers", "trl", "accelerate", "datasets", "yaml"),
    "dpo": ("torch", "transformers", "trl", "accelerate", "datasets", "yaml"),
    "synthesize": ("torch", "transformers", "trl", "datasets", "yaml"),
    "eval": ("torch", "transformers", "trl", "yaml"),
}


def version_of(module: str) -> str | None:
    try:
        imported = importlib.import_module(module)
    except Exception:  # noqa: BLE001 - a broken install is as missing as an absent one
        return None
    return str(getattr(imported, "__version__", "unknown"))


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


def probe(job: str | None) -> dict[str, Any]:
    versions = {name: version_of(name) for name in ENGINES}
    needed = REQUIRED.get(job or "", REQUIRED["reverse-rl"])
    missing = [name for name in needed if versions[name] is None]
    result: dict[str, Any] = {
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "versions": versions,
        "missing": missing,
        "cuda": None,
    }
    if versions["torch"]:
        import torch

        result["cuda"] = {"available": torch.cuda.is_available(), "devices": torch.cuda.device_count()}
    if job and not missing:
        result["fields"] = job_fields(job)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pns_jobs.probe")
    parser.add_argument("--job", choices=sorted(JOBS), default=None)
    args = parser.parse_args(argv)
    print(json.dumps(probe(args.job)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
