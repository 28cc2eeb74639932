"""`pns import` of Parquet files written by pyarrow and `datasets` (the hub's writers), not by our
own writer: the same shapes as JSONL, and clear errors for what Parquet can hold that a `.pns`
file cannot. Runs the built CLI (`node bin/pns.js`)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "bin" / "pns.js"

GSM8K = [
    {
        "question": "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?",
        "answer": "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72",
    },
    {"question": "What is 2 + 3?", "answer": "2 + 3 = 5\n#### 5"},
]


def pns(*args: str) -> subprocess.CompletedProcess[str]:
    assert (REPO / "dist" / "cli" / "main.js").is_file(), "build the CLI first: npm run build"
    return subprocess.run(["node", str(CLI), *args], capture_output=True, text=True, check=False, timeout=120)


def test_datasets_parquet_imports_exactly_like_jsonl(tmp_path: Path) -> None:
    parquet = tmp_path / "train.parquet"
    datasets.Dataset.from_list(GSM8K).to_parquet(str(parquet))
    jsonl = tmp_path / "train.jsonl"
    jsonl.write_text("".join(json.dumps(row) + "\n" for row in GSM8K))

    from_parquet = pns("import", str(parquet), "-o", str(tmp_path / "p.pns"))
    from_jsonl = pns("import", str(jsonl), "-o", str(tmp_path / "j.pns"))
    assert from_parquet.returncode == 0, from_parquet.stderr
    assert "detected shape gsm8k (2 of the first 2 rows)" in from_parquet.stderr
    text = (tmp_path / "p.pns").read_text()
    assert text == (tmp_path / "j.pns").read_text()
    assert "@answer 72" in text and "<<48/2=24>>" in text


def test_pyarrow_types_math_rows_nested_lists_and_conversations(tmp_path: Path) -> None:
    math = pa.table(
        {
            "problem": ["What is $\\frac{1}{2} + \\frac{1}{4}$?"],
            "solution": ["It is $\\boxed{\\frac{3}{4}}$."],
            "level": pa.array([3], type=pa.int64()),
            "grid": pa.array([[[1, 2], [3]]], type=pa.list_(pa.list_(pa.int64()))),
        }
    )
    pq.write_table(math, tmp_path / "math.parquet")
    r = pns("import", str(tmp_path / "math.parquet"))
    assert r.returncode == 0, r.stderr
    assert "@problem" in r.stdout and "level=3" in r.stdout and "@answer \\frac{3}{4}" in r.stdout
    # A nested list is a column a problem line cannot hold: skipped with a warning, as in JSONL.
    assert "skipped-column" in r.stderr and "grid" in r.stderr

    rows = [
        {
            "prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is 2 + 2?"}],
            "chosen": [{"role": "assistant", "content": "$\\boxed{4}$"}],
            "rejected": [{"role": "assistant", "content": "$\\boxed{5}$"}],
        }
    ]
    datasets.Dataset.from_list(rows).to_parquet(str(tmp_path / "pairs.parquet"))
    r = pns("import", str(tmp_path / "pairs.parquet"))
    assert r.returncode == 0, r.stderr
    assert "detected shape trl" in r.stderr
    assert 'system="Be brief."' in r.stdout and "@negative" in r.stdout and "$\\boxed{5}$" in r.stdout


def test_binary_columns_huge_rows_and_unsupported_files_are_clear_errors(tmp_path: Path) -> None:
    table = pa.table(
        {
            "question": ["What is 1 + 1?", "x" * (9 * 1024 * 1024), "What is 2 + 2?"],
            "answer": ["#### 2", "#### 0", "#### 4"],
            "image": pa.array([b"\x89PNG", b"", b"\x00"], type=pa.binary()),
        }
    )
    pq.write_table(table, tmp_path / "odd.parquet")
    r = pns("import", str(tmp_path / "odd.parquet"), "--from", "gsm8k", "-o", str(tmp_path / "odd.pns"))
    assert r.returncode == 1, r.stderr
    assert "odd.parquet:1:1: error: binary column 'image' cannot be text: left out of every row" in r.stderr
    assert "odd.parquet:2:1: error: row 2 is 9.0 MB as JSON, over the 8 MB limit" in r.stderr
    text = (tmp_path / "odd.pns").read_text()
    assert "@answer 2" in text and "@answer 4" in text and "@answer 0" not in text

    pq.write_table(pa.table({"question": ["q"], "answer": ["#### 1"]}), tmp_path / "z.parquet", compression="zstd")
    r = pns("import", str(tmp_path / "z.parquet"))
    assert r.returncode == 1
    assert "unsupported compression codec: ZSTD" in r.stderr

    (tmp_path / "fake.parquet").write_text('{"question": "q"}\n')
    r = pns("import", str(tmp_path / "fake.parquet"))
    assert r.returncode == 1
    assert "is not a Parquet file" in r.stderr
