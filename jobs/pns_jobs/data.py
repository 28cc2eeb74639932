"""Loading a job's dataset: a `.pns` file (exported through `pns export`), a JSONL/JSON file, or a
folder of JSONL files. Rows are checked for the columns the job needs before any model loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .pns_cli import export_pns


class DatasetError(ValueError):
    """The dataset is missing, empty or lacks a column; the message names the file and the fix."""


def resolve_dataset(source: str, export_format: str, work_dir: Path) -> Path:
    """A `.pns` source becomes `<work_dir>/data/<format>.jsonl` via `pns export`; others pass."""
    if not source:
        raise DatasetError("no dataset given: set `dataset:` in the config (a .pns file or JSONL)")
    path = Path(source)
    if not path.exists():
        raise DatasetError(f"dataset {source} does not exist")
    if path.suffix == ".pns":
        return export_pns(path, export_format, work_dir / "data" / f"{export_format}.jsonl")
    return path


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
