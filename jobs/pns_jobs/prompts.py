"""Prompts, one definition: how a problem becomes the text (or chat messages) a model is given.

The same rule as `pns export --prompt-template/--system-prompt/--conversational` (TypeScript,
docs/interop.md); a cross-language test keeps the two identical. Every job that generates or scores
text (sft, sample, synthesize, reverse-rl, reward-model, dpo, eval) takes these three keys.

Plain form: (system prompt + blank line, when set) + the template with `{problem}` replaced, then a
newline unless the text already ends in whitespace, so a prompt and its response are never glued.
Conversational form: TRL's shape, `[{"role": "system"}?, {"role": "user"}]`; the model's chat
template renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_PROMPT_TEMPLATE = "{problem}\n\nPlease reason step by step, and put your final answer within \\boxed{}."
PLACEHOLDER = "{problem}"
SEPARATOR = "\n"
# What counts as ending in whitespace: ASCII only, as the TypeScript rule (str.isspace() would also
# take Unicode spaces, and the two would disagree on such a template).
ASCII_WHITESPACE = " \t\n\r\f\v"

Prompt = str | list[dict[str, str]]


class PromptTemplateError(ValueError):
    """The template cannot place the problem; the message names the key and the fix."""


@dataclass
class PromptArguments:
    """The three prompt keys every job config accepts (same names as `pns export`'s flags)."""

    conversational: bool = field(
        default=False, metadata={"help": "give prompts as chat messages (TRL's conversational shape)"}
    )
    system_prompt: str = field(default="", metadata={"help": "system message (plain form: first paragraph)"})
    prompt_template: str = field(
        default=DEFAULT_PROMPT_TEMPLATE,
        metadata={"help": "text around the problem; {problem} marks where it goes"},
    )

    def check_template(self) -> None:
        check_template(self.prompt_template)


def check_template(template: str) -> None:
    if PLACEHOLDER not in template:
        raise PromptTemplateError(
            f"prompt_template {template!r} has no {PLACEHOLDER}: the problem would never reach the model; "
            f"add {PLACEHOLDER} where it belongs (default: {DEFAULT_PROMPT_TEMPLATE!r})"
        )


def render_text(problem: str, template: str = DEFAULT_PROMPT_TEMPLATE) -> str:
    check_template(template)
    return template.replace(PLACEHOLDER, problem)


def render_prompt(problem: str, keys: Any, meta: dict[str, Any] | None = None) -> Prompt:
    """The prompt for `problem` under `keys` (anything with the three PromptArguments fields); the
    system prompt is the key's, else the problem's `system=` metadata (as `pns export` does)."""
    body = render_text(problem, keys.prompt_template)
    system = keys.system_prompt or str((meta or {}).get("system") or "")
    if keys.conversational:
        return ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": body}]
    text = f"{system}\n\n{body}" if system else body
    return text if not text or text[-1] in ASCII_WHITESPACE else text + SEPARATOR


def input_format_record(keys: Any, eos_appended: bool = True) -> dict[str, Any]:
    """What a trained reward model records about the text it was trained on
    (`pns_reward_input.json`), so that serving queries it in the same form. TRL's reward trainer
    appends the tokenizer's EOS token to every text it scores (`eos`)."""
    return {
        "format": "chat" if keys.conversational else "plain",
        "prompt_template": keys.prompt_template,
        "system_prompt": keys.system_prompt or "",
        "separator": SEPARATOR,
        "eos": eos_appended,
    }
