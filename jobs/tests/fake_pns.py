"""A stand-in for the `pns` CLI, used by the tests only while the real `export`/`grade` commands
are placeholders (the tests prefer the real CLI as soon as it works; see conftest.pns_cli).

    export <file.pns> --format grpo|trl-dpo   prints the matching fixture rows
    grade --input -                            {"gold","pred"} lines -> {"equal","gradable",...} lines
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def boxed(text: str) -> str | None:
    start = text.rfind("\\boxed{")
    if start < 0:
        return None
    depth, begin = 0, start + 7
    for i in range(begin, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            if depth == 0:
                return text[begin:i]
            depth -= 1
    return None


def main(argv: list[str]) -> int:
    if argv[:1] == ["export"]:
        fmt = argv[argv.index("--format") + 1]
        if fmt == "jsonl":  # the lossless form: problems with their statement and metadata
            for row in map(json.loads, (FIXTURES / "grpo.jsonl").read_text().splitlines()):
                problem = {"id": row["id"], "problem": row["prompt"], "answer": row["answer"], "meta": {"source": "fixture"}}
                sys.stdout.write(json.dumps({**problem, "samples": []}) + "\n")
            return 0
        sys.stdout.write((FIXTURES / f"{fmt}.jsonl").read_text())
        return 0
    if argv[:1] == ["grade"]:
        for line in sys.stdin:
            if not line.strip():
                continue
            pair = json.loads(line)
            extracted = boxed(pair["pred"])
            verdict = {"equal": extracted is not None and extracted.strip() == pair["gold"].strip(),
                       "gradable": extracted is not None, "extracted": extracted}
            sys.stdout.write(json.dumps(verdict) + "\n")
        return 0
    print(f"fake pns: unsupported {argv}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
