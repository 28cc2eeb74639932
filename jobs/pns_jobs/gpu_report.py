"""Figures for the GPU check from two run directories' metrics.jsonl: step time, tokens per second,
and the share of each reverse-RL step spent waiting for the reward server.

    python -m pns_jobs.gpu_report --rl RUN_DIR --dpo RUN_DIR [--json out.json]

The first logged step is left out of the means (it includes CUDA warm-up and kernel selection).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from .metrics import read_metrics


def _steps(run: Path) -> list[dict[str, Any]]:
    return [row for row in read_metrics(run / "metrics.jsonl") if "loss" in row and "train_runtime" not in row]


def tokens_per_second(rows: list[dict[str, Any]]) -> float | None:
    """From the cumulative `num_tokens` and log times of the steps after the first."""
    timed = [r for r in rows if isinstance(r.get("num_tokens"), (int, float))]
    if len(timed) < 2:
        return None
    first, last = timed[0], timed[-1]
    elapsed = last["time"] - first["time"]
    return (last["num_tokens"] - first["num_tokens"]) / elapsed if elapsed > 0 else None


def rl_figures(run: Path) -> dict[str, Any]:
    rows = _steps(run)
    steady = rows[1:] or rows
    step_times = [r["step_time"] for r in steady if isinstance(r.get("step_time"), (int, float))]
    waits = [r["pns/reward_wait_s"] for r in steady if isinstance(r.get("pns/reward_wait_s"), (int, float))]
    step = statistics.mean(step_times) if step_times else None
    wait = statistics.mean(waits) if waits else None
    return {
        "steps": len(rows),
        "step_time_s": step,
        "tokens_per_s": tokens_per_second(rows),
        "completion_len": statistics.mean(r.get("completions/mean_length", 0) for r in steady) if steady else None,
        "reward_wait_s": wait,
        "reward_wait_share": (wait / step) if step and wait is not None else None,
    }


def dpo_figures(run: Path) -> dict[str, Any]:
    rows = _steps(run)
    gaps = [(b["time"] - a["time"]) / max(1, b["step"] - a["step"]) for a, b in zip(rows, rows[1:])]
    return {
        "steps": len(rows),
        "step_time_s": statistics.mean(gaps) if gaps else None,
        "tokens_per_s": tokens_per_second(rows),
        "rewards/margins": rows[-1].get("rewards/margins") if rows else None,
    }


def _fmt(value: Any, spec: str) -> str:
    return format(value, spec) if isinstance(value, (int, float)) else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pns_jobs.gpu_report")
    parser.add_argument("--rl", type=Path, required=True)
    parser.add_argument("--dpo", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rl, dpo = rl_figures(args.rl), dpo_figures(args.dpo)
    print("job         steps  step time   tokens/s   reward wait (share of step)")
    print(
        f"reverse-rl  {rl['steps']:>5}  {_fmt(rl['step_time_s'], '8.2f')} s  {_fmt(rl['tokens_per_s'], '9.0f')}"
        f"   {_fmt(rl['reward_wait_s'], '.3f')} s ({_fmt((rl['reward_wait_share'] or 0) * 100, '.1f')} %)"
    )
    print(f"dpo         {dpo['steps']:>5}  {_fmt(dpo['step_time_s'], '8.2f')} s  {_fmt(dpo['tokens_per_s'], '9.0f')}")
    if args.json:
        args.json.write_text(json.dumps({"reverse_rl": rl, "dpo": dpo}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
