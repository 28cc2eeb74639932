"""Writing a `.pns` file in canonical form (docs/format.md, version 1) from Python.

Only what synthesis needs: problems with a statement, a gold answer and samples. The one escape
rule applies to body lines starting with `@`; metadata values are bare when they can be, else JSON
strings. The TypeScript parser is the judge: tests run `pns lint` on what this writes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_BARE = re.compile(r'[^\s"]+')
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/-]*")


@dataclass
class PnsSample:
    role: str  # "positive" | "negative"
    text: str
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class PnsProblem:
    id: str
    statement: str
    answer: str
    meta: dict[str, str] = field(default_factory=dict)
    samples: list[PnsSample] = field(default_factory=list)


def meta_text(meta: dict[str, str]) -> str:
    parts = []
    for key, value in meta.items():
        if not _KEY.fullmatch(key):
            raise ValueError(f"invalid metadata key {key!r}")
        value = str(value)
        parts.append(f"{key}={value if _BARE.fullmatch(value) else json.dumps(value, ensure_ascii=False)}")
    return "".join(f" {p}" for p in parts)


def body_lines(text: str) -> list[str]:
    """Body lines with `\\r\\n` normalised and the one escape rule applied."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return ["@" + line if line.startswith("@") else line for line in lines]


def serialize(problems: list[PnsProblem], header_comments: list[str] = ()) -> str:  # type: ignore[assignment]
    """Canonical text: header, comments, a blank line, then each problem; every body is followed by
    one separator blank line except the last body of the file; one final newline."""
    out: list[str] = ["@pns 1"] + [f"@# {c}" if c else "@#" for c in header_comments] + [""]
    blocks: list[tuple[str, list[str]]] = []  # (directive line, body lines or [] for inline)
    for problem in problems:
        if not _ID.fullmatch(problem.id):
            raise ValueError(f"invalid problem id {problem.id!r}")
        blocks.append((f"@problem {problem.id}{meta_text(problem.meta)}", body_lines(problem.statement)))
        answer = problem.answer
        if "\n" in answer or answer != answer.strip() or not answer:
            blocks.append(("@answer", body_lines(answer)))
        else:
            blocks.append((f"@answer {answer}", []))
        for sample in problem.samples:
            blocks.append((f"@{sample.role}{meta_text(sample.meta)}", body_lines(sample.text)))
    for index, (directive, lines) in enumerate(blocks):
        out.append(directive)
        if lines:
            out.extend(lines)
            if index < len(blocks) - 1:
                out.append("")  # separator
    return "\n".join(out) + "\n"
