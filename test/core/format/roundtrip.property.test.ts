import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  formatMetaValue,
  parse,
  positionAt,
  serialize,
  type Position,
} from "../../../server/src/core/format/index";
import { fileArb, lineArb, plain } from "./arbitraries";

// PNS_FC_RUNS raises the run count for a longer local soak.
const RUNS = { numRuns: Number(process.env.PNS_FC_RUNS ?? 400) };

/** Codes a serialized tree may still carry: the data is incomplete, but the text is well formed. */
const DATA_CODES = new Set(["empty-statement", "empty-answer", "empty-sample", "missing-answer", "bom"]);

function* positions(value: unknown): Generator<Position> {
  if (Array.isArray(value)) {
    for (const item of value) yield* positions(item);
  } else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.offset === "number" && typeof record.line === "number")
      yield record as unknown as Position;
    else for (const v of Object.values(record)) yield* positions(v);
  }
}

describe("serialize / parse round trip over hostile trees", () => {
  it("parse(serialize(tree)) equals the tree, ranges aside", () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const text = serialize(file);
        expect(plain(parse(text))).toEqual(plain(file));
      }),
      RUNS,
    );
  });

  it("serialized text is canonical: serialize(parse(text)) === text", () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const text = serialize(file);
        expect(serialize(parse(text))).toBe(text);
      }),
      RUNS,
    );
  });

  it("serialized text parses without syntax findings", () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const found = parse(serialize(file)).diagnostics.filter((d) => !DATA_CODES.has(d.code));
        expect(found).toEqual([]);
      }),
      RUNS,
    );
  });

  it("metadata ranges (built on read) point at the key and the written value", () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const text = serialize(file);
        const tree = parse(text);
        const entries = tree.problems.flatMap((p) => [...p.meta, ...p.samples.flatMap((s) => s.meta)]);
        for (const m of entries) {
          expect(text.slice(m.keyRange.start.offset, m.keyRange.end.offset)).toBe(m.key);
          expect(text.slice(m.valueRange.start.offset, m.valueRange.end.offset)).toBe(
            formatMetaValue(m.value),
          );
          expect(text.slice(m.range.start.offset, m.range.end.offset)).toBe(
            `${m.key}=${formatMetaValue(m.value)}`,
          );
          for (const p of [m.range.start, m.range.end, m.keyRange.end, m.valueRange.start]) {
            expect(p).toEqual(positionAt(text, p.offset));
          }
        }
      }),
      RUNS,
    );
  });

  it("every position in the tree agrees with the text (line, character, offset)", () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const text = serialize(file);
        const tree = parse(text);
        for (const p of positions(tree)) expect(p).toEqual(positionAt(text, p.offset));
      }),
      RUNS,
    );
  });
});

describe("parse of arbitrary text", () => {
  // Random line soup: directives, escapes, comments, blank lines, CRLF and lone CRs.
  const soup = fc
    .array(fc.tuple(lineArb, fc.constantFrom("\n", "\r\n", "\n", "")), { maxLength: 25 })
    .map((parts) => parts.map(([line, eol]) => line + eol).join(""));
  const anyText = fc.oneof(soup, fc.string({ unit: "binary", maxLength: 200 }));

  it("never throws, and every diagnostic range lies inside the text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const file = parse(text);
        for (const d of file.diagnostics) {
          expect(d.range.start.offset).toBeGreaterThanOrEqual(0);
          expect(d.range.end.offset).toBeLessThanOrEqual(text.length);
          expect(d.range.start.offset).toBeLessThanOrEqual(d.range.end.offset);
          expect(d.range.start).toEqual(positionAt(text, d.range.start.offset));
        }
      }),
      RUNS,
    );
  });

  it("formatting is idempotent: fmt(fmt(x)) === fmt(x)", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = serialize(parse(text));
        expect(serialize(parse(once))).toBe(once);
      }),
      RUNS,
    );
  });

  it("keeps every non-blank body line's text", () => {
    fc.assert(
      fc.property(soup, (text) => {
        const tree = parse(text);
        const out = serialize(tree);
        for (const raw of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
          // Directive lines are rewritten (metadata quoting, spacing); body text must survive.
          if (raw.trim() === "" || raw.startsWith("@")) continue;
          expect(out).toContain(raw.replace(/\r$/, ""));
        }
      }),
      RUNS,
    );
  });
});
