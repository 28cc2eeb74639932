"""Deep links in a pipeline's report.md: inside VS Code's terminal each phase's run directory links
to that run in the editor (the form the extension's URI handler reads); elsewhere it stays a path."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from pns_jobs.pipeline_report import markdown, run_dir_cell

RUN = "/work/runs/20261207T185102Z-pipeline/phases/20261207T190308Z-reverse-rl"


def report(phases: list[dict]) -> dict:
    nothing = {"reward_first10": None, "reward_last10": None, "frac_reward_zero_std_mean": None, "wrong_share_end": None, "wellformed_share_end": None, "steps": 0, "curve": []}
    return {
        "profile": "quick",
        "code_version": None,
        "machine": "test",
        "base": {"model": "m", "pass1": {"test": None, "harder": None}},
        "reward_model": {"pairwise_accuracy": None, "held_out_pairs": None, "mean_score": {"correct": None, "pns": None, "rejection_sampled": None}},
        "reverse_rl": nothing,
        "sample": {},
        "dpo": {"arms": []},
        "phases": phases,
    }


def link_target(cell: str) -> str:
    assert cell.startswith(f"[{RUN}](") and cell.endswith(")"), cell
    return cell[len(RUN) + 3 : -1]


def test_plain_path_outside_vscode() -> None:
    assert run_dir_cell(RUN, {}) == RUN
    assert run_dir_cell(RUN, {"TERM_PROGRAM": "iTerm.app"}) == RUN
    assert run_dir_cell(None, {"TERM_PROGRAM": "vscode"}) == "–"


def test_link_in_vscode_terminal_round_trips() -> None:
    target = urlsplit(link_target(run_dir_cell(RUN, {"TERM_PROGRAM": "vscode"})))
    assert (target.scheme, target.netloc, target.path) == ("vscode", "pns-workbench.pns-workbench", "/open")
    assert parse_qs(target.query) == {"run": [RUN]}


def test_the_extension_sets_the_scheme_and_a_bad_base_is_ignored() -> None:
    target = urlsplit(link_target(run_dir_cell(RUN, {"PNS_EDITOR_LINK_BASE": "vscode-insiders://pns-workbench.pns-workbench"})))
    assert (target.scheme, target.netloc) == ("vscode-insiders", "pns-workbench.pns-workbench")
    assert run_dir_cell(RUN, {"PNS_EDITOR_LINK_BASE": "javascript:alert(1)//x.y"}) == RUN


def test_report_md_links_each_phase_run(monkeypatch) -> None:
    phases = [{"name": "data", "state": "succeeded", "seconds": 0.2, "run_dir": None}, {"name": "reverse_rl", "state": "succeeded", "seconds": 90.0, "run_dir": RUN}]
    monkeypatch.delenv("PNS_EDITOR_LINK_BASE", raising=False)
    monkeypatch.setenv("TERM_PROGRAM", "vscode")
    text = markdown(report(phases))
    assert "| data | succeeded | 0.2 | – |" in text
    assert f"| reverse_rl | succeeded | 90.0 | [{RUN}](vscode://pns-workbench.pns-workbench/open?run=" in text
    monkeypatch.delenv("TERM_PROGRAM")
    assert f"| reverse_rl | succeeded | 90.0 | {RUN} |" in markdown(report(phases))
