import { describe, expect, it } from "vitest";
import { BodyPositions } from "../../../server/src/core/analysis/index";
import type { Body } from "../../../server/src/core/format/index";

const body = (text: string): Body => ({
  text,
  range: { start: { line: 10, character: 0, offset: 500 }, end: { line: 20, character: 0, offset: 900 } },
  comments: [],
});

describe("BodyPositions", () => {
  it("gives the same positions by direct scan (few lookups) and by tables (many)", () => {
    const text = "first line\n@escaped line\n\nthird $x$ line\n@@twice\nlast";
    for (const eol of [1, 2]) {
      const tables = new BodyPositions(body(text), eol);
      for (let k = 0; k < 9; k++) tables.position(0); // past the direct-scan budget
      for (let offset = 0; offset <= text.length; offset++) {
        expect(new BodyPositions(body(text), eol).position(offset)).toEqual(tables.position(offset));
      }
    }
  });

  it("accounts for escaped lines and CRLF in absolute offsets", () => {
    const text = "a\n@b\nc";
    const p = new BodyPositions(body(text), 2);
    // The file holds `a\r\n@@b\r\nc`: `b` at 500 + 5, `c` at 500 + 8.
    expect(p.position(text.indexOf("c"))).toEqual({ line: 12, character: 0, offset: 508 });
    expect(p.position(text.indexOf("b"))).toEqual({ line: 11, character: 2, offset: 505 });
  });
});
