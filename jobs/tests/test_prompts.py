"""The one prompt rule (prompts.py): plain and conversational forms, the separator, bad templates."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pns_jobs.prompts import DEFAULT_PROMPT_TEMPLATE, PromptTemplateError, input_format_record, render_prompt


def keys(template: str = DEFAULT_PROMPT_TEMPLATE, system: str = "", conversational: bool = False) -> SimpleNamespace:
    return SimpleNamespace(prompt_template=template, system_prompt=system, conversational=conversational)


def test_the_default_asks_for_steps_and_a_boxed_answer_and_ends_with_a_separator() -> None:
    prompt = render_prompt("What is 2+2?", keys())
    assert prompt == "What is 2+2?\n\nPlease reason step by step, and put your final answer within \\boxed{}.\n"
    # Never glued: whatever the response starts with, a newline stands before it.
    assert (prompt + "Each batch...").count("}.\nEach") == 1


def test_a_template_ending_in_whitespace_gets_no_second_separator() -> None:
    assert render_prompt("Q", keys("Problem: {problem}\n")) == "Problem: Q\n"
    assert render_prompt("Q", keys("{problem}")) == "Q\n"


def test_the_system_prompt_is_the_first_paragraph_or_the_system_message() -> None:
    assert render_prompt("Q", keys("{problem}", "Be careful.")) == "Be careful.\n\nQ\n"
    assert render_prompt("Q", keys("{problem}", "Be careful.", True)) == [
        {"role": "system", "content": "Be careful."},
        {"role": "user", "content": "Q"},
    ]
    assert render_prompt("Q", keys("{problem}", "", True)) == [{"role": "user", "content": "Q"}]


def test_braces_in_the_problem_and_the_template_stay_literal() -> None:
    assert render_prompt("Find {x} in \\frac{1}{2}", keys("{problem} -> \\boxed{}")) == "Find {x} in \\frac{1}{2} -> \\boxed{}\n"


def test_a_template_without_the_placeholder_is_refused_with_the_fix() -> None:
    with pytest.raises(PromptTemplateError, match=r"has no \{problem\}.*add \{problem\}"):
        render_prompt("Q", keys("Solve it."))


def test_the_reward_model_record_names_the_form() -> None:
    assert input_format_record(keys("{problem}")) == {"format": "plain", "prompt_template": "{problem}", "system_prompt": "", "separator": "\n", "eos": True}
    assert input_format_record(keys(conversational=True))["format"] == "chat"


@pytest.mark.parametrize(
    "template, system, conversational",
    [
        (DEFAULT_PROMPT_TEMPLATE, "", False),
        ("{problem}", "", False),
        ("Problem: {problem}\n", "Be careful.", False),
        ("Solve {problem} and box it: \\boxed{}", "Be careful.", True),
    ],
)
def test_pns_export_renders_prompts_exactly_as_the_jobs_do(tmp_path, pns_cli: str, template: str, system: str, conversational: bool) -> None:
    """One rule in two languages: the TypeScript export and prompts.py give identical prompts."""
    import json
    import shlex
    import subprocess
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "examples" / "mini" / "problems.pns"
    flags = ["--prompt-template", template] + (["--system-prompt", system] if system else []) + (["--conversational"] if conversational else [])
    done = subprocess.run([*shlex.split(pns_cli), "export", str(source), "--format", "grpo", *flags], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    problems = subprocess.run([*shlex.split(pns_cli), "export", str(source), "--format", "jsonl"], capture_output=True, text=True, check=True)
    statements = {row["id"]: row["problem"] for row in map(json.loads, problems.stdout.splitlines())}
    assert len(rows) == len(statements) == 64
    for row in rows:
        assert row["prompt"] == render_prompt(statements[row["id"]], keys(template, system, conversational))


def test_parity_holds_for_system_metadata_and_unicode_spaces(tmp_path, pns_cli: str) -> None:
    """`system=` metadata is the system prompt when no key sets one; only ASCII whitespace counts
    as the separator already being there (a template ending in a no-break space still gets one)."""
    import json
    import shlex
    import subprocess

    from pns_jobs.pns_writer import PnsProblem, PnsSample, serialize

    source = tmp_path / "meta.pns"
    problems = [
        PnsProblem("a", "What is 1+1?", "2", {"system": "Answer briefly."}, [PnsSample("positive", "\\boxed{2}")]),
        PnsProblem("b", "What is 2+2?", "4", {}, [PnsSample("positive", "\\boxed{4}")]),
    ]
    source.write_text(serialize(problems))
    for template, conversational in (("{problem}\u00a0", False), ("{problem}", True)):
        flags = ["--prompt-template", template] + (["--conversational"] if conversational else [])
        done = subprocess.run([*shlex.split(pns_cli), "export", str(source), "--format", "grpo", *flags], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        rows = {r["id"]: r["prompt"] for r in map(json.loads, done.stdout.splitlines())}
        for p in problems:
            assert rows[p.id] == render_prompt(p.statement, keys(template, "", conversational), p.meta)
