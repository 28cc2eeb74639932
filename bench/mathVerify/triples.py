"""Reads the (gold, prediction, expected) triples out of a Math-Verify checkout's tests.

Usage: python3 triples.py <math-verify checkout> > triples.jsonl

Only `ast` is used: the test files are parsed, never imported or run, and nothing of
Math-Verify is executed. Every `@pytest.mark.parametrize` whose argument names include a gold,
a prediction and an expected result gives one JSON line per literal row:
{"file", "test", "gold", "pred", "expected", "options"}; rows that are not literals (f-strings
computed at import time) are skipped and counted on stderr. The triples are printed, never
stored in our repository: they are Math-Verify's test data, not ours.
"""

import ast
import json
import sys
from pathlib import Path

FILES = [
    "test_all.py",
    "test_boxed.py",
    "test_numina_cases.py",
    "test_open_thoughts.py",
    "test_yujianll.py",
    "test_strict.py",
]
EXPECTED = ("expected", "result")


def parametrize_calls(fn):
    for deco in fn.decorator_list:
        if (
            isinstance(deco, ast.Call)
            and isinstance(deco.func, ast.Attribute)
            and deco.func.attr == "parametrize"
            and len(deco.args) >= 2
        ):
            yield deco


def options_of(fn):
    """Keyword arguments the test passes to its compare helper (precision, match_types)."""
    found = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in ("precision", "match_types", "strict"):
                    try:
                        found[kw.arg] = ast.literal_eval(kw.value)
                    except ValueError:
                        pass
    return found


def main(root):
    skipped = 0
    for name in FILES:
        path = Path(root) / "tests" / name
        if not path.exists():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in tree.body:
            if not isinstance(fn, ast.FunctionDef):
                continue
            options = options_of(fn)
            for call in parametrize_calls(fn):
                try:
                    names = [n.strip() for n in ast.literal_eval(call.args[0]).split(",")]
                except ValueError:
                    continue
                want = next((n for n in EXPECTED if n in names), None)
                if "gold" not in names or "pred" not in names or want is None:
                    continue
                if not isinstance(call.args[1], (ast.List, ast.Tuple)):
                    continue
                for row in call.args[1].elts:
                    try:
                        values = ast.literal_eval(row)
                    except ValueError:
                        skipped += 1
                        continue
                    item = dict(zip(names, values))
                    extra = {k: v for k, v in item.items() if k not in ("gold", "pred", want)}
                    print(
                        json.dumps(
                            {
                                "file": name,
                                "test": fn.name,
                                "gold": item["gold"],
                                "pred": item["pred"],
                                "expected": int(item[want]),
                                "options": {**options, **extra},
                            }
                        )
                    )
    print(f"skipped {skipped} rows that are not literals", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
