"""The pipeline's report: report.json (fields any script can read; null where a phase did not run)
and report.md (the tables), from the phases' own outputs and metrics."""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlencode

from .metrics import read_metrics
from .pipeline_data import SampledProblem
from .prompts import render_prompt
from .run_dir import write_json_atomic


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _std(values: list[float]) -> float | None:
    return statistics.stdev(values) if len(values) > 1 else (0.0 if values else None)


def reward_model_means(rm_dir: str, sampled: list[SampledProblem], pns: dict[str, list[str]], keys: Any) -> dict[str, Any]:
    """The reward model's mean RAW score of correct answers, PNS negatives and rejection-sampled
    negatives over the same problems (the paper's Figure 1 comparison)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from .likelihood_rm import register
    from .reward_model import raw_scores

    register()

    tokenizer = AutoTokenizer.from_pretrained(rm_dir)
    model = AutoModelForSequenceClassification.from_pretrained(rm_dir)
    groups: dict[str, list[str]] = {"correct": [], "pns": [], "rejection_sampled": []}
    for p in sampled:
        if not pns.get(p.id):
            continue
        prompt = render_prompt(p.problem, keys)
        groups["correct"] += [prompt + t for t in p.correct]
        groups["rejection_sampled"] += [prompt + t for t in p.wrong]
        groups["pns"] += [prompt + t for t in pns[p.id]]
    out: dict[str, Any] = {}
    for name, texts in groups.items():
        scores = raw_scores(model, tokenizer, texts) if texts else []
        out[name] = _mean(scores)
        out[f"{name}_count"] = len(scores)
    return out


def rl_figures(run_dir: str | None) -> dict[str, Any]:
    rows = [r for r in read_metrics(Path(run_dir) / "metrics.jsonl") if "reward" in r] if run_dir else []
    if not rows:
        return {"reward_first10": None, "reward_last10": None, "frac_reward_zero_std_mean": None, "wrong_share_end": None, "wellformed_share_end": None, "steps": 0, "curve": []}
    tenth = max(1, len(rows) // 10)
    first, last = rows[:tenth], rows[-tenth:]

    def avg(part: list[dict[str, Any]], key: str) -> float | None:
        return _mean([float(r[key]) for r in part if isinstance(r.get(key), (int, float))])

    return {
        "reward_first10": avg(first, "reward"),
        "reward_last10": avg(last, "reward"),
        "frac_reward_zero_std_mean": avg(rows, "frac_reward_zero_std"),
        "wrong_share_end": avg(last, "pns/wrong_frac"),
        "wellformed_share_end": avg(last, "pns/wellformed_frac"),
        "steps": rows[-1].get("step"),
        # Ten points of the curve in numbers: step, composite, wrong share, RM component.
        "curve": [
            {"step": r.get("step"), "reward": r.get("reward"), "wrong": r.get("pns/wrong_frac"), "rm": r.get("rewards/pns_rm/mean")}
            for r in rows[:: max(1, len(rows) // 10)]
        ],
    }


def dpo_table(book: Any, eval_dir: str | None) -> list[dict[str, Any]]:
    if not eval_dir:
        return []
    path = Path(eval_dir) / "outputs" / "eval.json"
    if not path.is_file():
        return []
    tables = json.loads(path.read_text(encoding="utf-8")).get("models") or []
    by_arm: dict[str, dict[str, list[float]]] = {}
    seeds: dict[str, list[int]] = {}
    for table in tables:
        arm, _, seed = table["label"].rpartition(":")
        scores = {row["benchmark"]: row["pass@1"] for row in table["benchmarks"]}
        entry = by_arm.setdefault(arm, {"test": [], "harder": []})
        entry["test"].append(scores.get("test"))
        entry["harder"].append(scores.get("harder"))
        seeds.setdefault(arm, []).append(int(seed))
    pairs = (book.records.get("dpo_pairs").outputs if book.records.get("dpo_pairs") else {}) or {}
    return [
        {
            "name": arm,
            "seeds": seeds[arm],
            "pass1_test_mean": _mean(v["test"]),
            "pass1_test_std": _std(v["test"]),
            "pass1_harder_mean": _mean(v["harder"]),
            "pass1_harder_std": _std(v["harder"]),
            "pairs": (pairs.get(arm) or {}).get("pairs"),
        }
        for arm, v in by_arm.items()
    ]


def code_version() -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=Path(__file__).parent, timeout=10)
        return done.stdout.strip() or None
    except (OSError, subprocess.TimeoutExpired):
        return None


def build_report(run_dir: Path, book: Any, args: Any) -> dict[str, Any]:
    def outputs(name: str) -> dict[str, Any]:
        record = book.done(name)
        return record.outputs if record else {}

    base_scores: dict[str, float] = {}
    if outputs("base_eval").get("table"):
        table = json.loads(Path(outputs("base_eval")["table"]).read_text(encoding="utf-8"))
        base_scores = {row["benchmark"]: row["pass@1"] for row in table["benchmarks"]}
    rm, fig = outputs("reward_model"), outputs("figure1")
    sample = outputs("sample")
    rl_record = book.done("reverse_rl")
    eval_record = book.done("eval")
    return {
        "profile": args.profile,
        "code_version": code_version(),
        "machine": f"{platform.node()} {platform.machine()} {platform.processor() or ''}".strip(),
        "base": {"model": args.base_model, "pass1": {"test": base_scores.get("test"), "harder": base_scores.get("harder")}},
        "reward_model": {
            "pairwise_accuracy": rm.get("pairwise_accuracy"),
            "held_out_pairs": rm.get("pairs"),
            "mean_score": {"correct": fig.get("correct"), "pns": fig.get("pns"), "rejection_sampled": fig.get("rejection_sampled")},
        },
        "reverse_rl": rl_figures(rl_record.run_dir if rl_record else None),
        "sample": {"positives": sample.get("correct"), "negatives": (sample.get("wrong") or 0) + (sample.get("ungradable") or 0) if sample else None, "ungradable": sample.get("ungradable"),
                   "positive_policy": getattr(args, "positives", None), "lucky": outputs("rm_pairs").get("lucky")},
        "synthesize": {k: outputs("synthesize").get(k) for k in ("negatives", "sampled", "floor", "dropped")},
        "dpo": {"arms": dpo_table(book, eval_record.run_dir if eval_record else None)},
        "phases": book.table(),
    }


def _pct(value: Any) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def _num(value: Any, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _positive_words(sample: dict[str, Any]) -> str:
    if sample.get("positive_policy") == "steps_hold":
        return f"right answers whose steps all hold; {sample.get('lucky') or 0} right answers with a false step set aside"
    return "right answers"


_LINK_BASE = re.compile(r"^[a-z][a-z0-9+.-]*://[A-Za-z0-9-]+\.[A-Za-z0-9-]+$")


def run_dir_cell(run_dir: str | None, env: Mapping[str, str] | None = None) -> str:
    """A run directory as report.md shows it. Written inside VS Code's terminal (the extension sets
    PNS_EDITOR_LINK_BASE there; else TERM_PROGRAM=vscode), a Markdown link that opens the run in the
    editor: `<base>/open?run=<dir>`, the form the extension's URI handler reads (the same rule as
    `pns run`'s summary line, server/src/jobs/editorLink.ts). Elsewhere the plain path."""
    if not run_dir:
        return "–"
    env = os.environ if env is None else env
    base = env.get("PNS_EDITOR_LINK_BASE", "").strip()
    if not _LINK_BASE.match(base):
        base = "vscode://pns-workbench.pns-workbench" if env.get("TERM_PROGRAM") == "vscode" else ""
    text = run_dir.replace("|", "\\|")
    return f"[{text}]({base}/open?{urlencode({'run': run_dir})})" if base else text


def markdown(report: dict[str, Any]) -> str:
    rl, rm = report["reverse_rl"], report["reward_model"]
    lines = [
        f"# PNS-mini pipeline report ({report['profile']} profile)",
        "",
        f"Code {report['code_version'] or 'unknown'}, machine {report['machine']}.",
        "",
        "## DPO arms: pass@1 (%) on held-out problems, mean ± std over seeds",
        "",
        "| arm | seeds | pairs | test | harder |",
        "|---|---|---|---|---|",
        f"| base model (no DPO) | – | – | {_pct(report['base']['pass1']['test'])} | {_pct(report['base']['pass1']['harder'])} |",
    ]
    for arm in report["dpo"]["arms"]:
        lines.append(
            f"| {arm['name']} | {len(arm['seeds'])} | {arm['pairs']} | {_pct(arm['pass1_test_mean'])} ± {_pct(arm['pass1_test_std'])} "
            f"| {_pct(arm['pass1_harder_mean'])} ± {_pct(arm['pass1_harder_std'])} |"
        )
    lines += [
        "",
        "A difference smaller than the spread over seeds is no difference.",
        "",
        "## Reward model",
        "",
        f"Held-out pairwise accuracy {_num(rm['pairwise_accuracy'])} over {rm['held_out_pairs'] or '–'} pairs "
        f"(positives: {_positive_words(report['sample'])}). "
        "Mean raw score (the paper's Figure 1: PNS +3.34, correct +3.21, rejection-sampled −3.13 on its scale):",
        "",
        "| correct | PNS negatives | rejection-sampled negatives |",
        "|---|---|---|",
        f"| {_num(rm['mean_score']['correct'])} | {_num(rm['mean_score']['pns'])} | {_num(rm['mean_score']['rejection_sampled'])} |",
        "",
        "## Reverse RL (composite: format, accuracy inversion, reward model, local CoT; no judge, weights renormalised)",
        "",
        f"Mean composite over the first 10 % of steps {_num(rl['reward_first10'])}, over the last 10 % {_num(rl['reward_last10'])}; "
        f"frac_reward_zero_std mean {_num(rl['frac_reward_zero_std_mean'])}; at the end {_pct(rl['wrong_share_end'])} % wrong, "
        f"{_pct(rl['wellformed_share_end'])} % well-formed.",
        "",
        "| step | composite | wrong share | reward-model component |",
        "|---|---|---|---|",
    ]
    lines += [f"| {p['step']} | {_num(p['reward'])} | {_num(p['wrong'])} | {_num(p['rm'])} |" for p in rl["curve"]]
    lines += ["", "## Phases", "", "| phase | state | seconds | run directory |", "|---|---|---|---|"]
    lines += [f"| {p['name']} | {p['state']} | {p['seconds'] if p['seconds'] is not None else '–'} | {run_dir_cell(p['run_dir'])} |" for p in report["phases"]]
    return "\n".join(lines) + "\n"


def write_report(run_dir: Path, report: dict[str, Any]) -> dict[str, Any]:
    write_json_atomic(run_dir / "report.json", report)
    temp = run_dir / ".report.md.partial"
    temp.write_text(markdown(report), encoding="utf-8")
    temp.replace(run_dir / "report.md")
    return {"report": str(run_dir / "report.json"), "markdown": str(run_dir / "report.md")}
