"""Loading a job's dataset: a `.pns` file (exported through `pns export`), a JSONL/JSON file, or a
folder of JSONL files. Rows are checked for the columns the job needs before any model loads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .pns_cli import export_pns


class DatasetError(ValueError):
    """The dataset is missing, empty or lacks a column; the message names the file and the fix."""


def resolve_dataset(source: str, export_format: str, work_dir: Path, prompt_keys: Any = None) -> Path:
    """A `.pns` source becomes `<work_dir>/data/<format>.jsonl` via `pns export`, with the job's
    prompt keys passed as export flags (one prompt rule for export and jobs); others pass as is."""
    if not source:
        raise DatasetError("no dataset given: set `dataset:` in the config (a .pns file or JSONL)")
    path = Path(source)
    if not path.exists():
        raise DatasetError(f"dataset {source} does not exist")
    if path.suffix == ".pns":
        flags = prompt_flags(prompt_keys) if prompt_keys is not None and export_format != "jsonl" else []
        return export_pns(path, export_format, work_dir / "data" / f"{export_format}.jsonl", flags)
    return path


def prompt_flags(keys: Any) -> list[str]:
    """`pns export` flags for the three prompt keys."""
    flags = ["--prompt-template", keys.prompt_template]
    if keys.system_prompt:
        flags += ["--system-prompt", keys.system_prompt]
    if keys.conversational:
        flags.append("--conversational")
    return flags


def load_rows(path: Path, required: tuple[str, ...]) -> Any:  # -> datasets.Dataset
    from datasets import load_dataset

    if path.is_dir():
        files = sorted(str(p) for p in path.glob("*.jsonl")) + sorted(str(p) for p in path.glob("*.json"))
        if not files:
            raise DatasetError(f"folder {path} holds no .jsonl or .json files")
        dataset = load_dataset("json", data_files=files, split="train")
    else:
        dataset = load_dataset("json", data_files=str(path), split="train")
    if len(dataset) == 0:
        raise DatasetError(f"dataset {path} has no rows")
    missing = [column for column in required if column not in dataset.column_names]
    if missing:
        raise DatasetError(
            f"dataset {path} lacks column(s) {', '.join(missing)} (it has {', '.join(dataset.column_names)})"
        )
    return dataset


def load_problems(source: str, work_dir: Path, name: str = "problems") -> list[dict[str, Any]]:
    """Problems of a `.pns` file (its lossless export: id, problem, answer, meta, samples) or of a
    JSONL file in that same shape."""
    if not source:
        raise DatasetError("no dataset given: set `dataset:` in the config (a .pns file)")
    path = Path(source)
    if not path.is_file():
        raise DatasetError(f"dataset {source} does not exist")
    if path.suffix == ".pns":
        path = export_pns(path, "jsonl", work_dir / "data" / f"{name}.jsonl")
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise DatasetError(f"{path}:{number}:{error.colno}: not JSON ({error.msg})") from error
        if not isinstance(row, dict) or not {"id", "problem", "answer"} <= row.keys():
            raise DatasetError(f"{path}:{number}:1: a problem row needs id, problem and answer")
        problems.append(row)
    if not problems:
        raise DatasetError(f"dataset {source} has no problems")
    return problems
