/**
 * The packed cache of a segment's analysis gives back exactly the findings and summaries it was
 * made from (fixes aside: cached analyses never keep them), also after a trip through
 * structured cloning with its buffers transferred, as between a worker thread and the server.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CachedSegment, type SampleSummary } from "../../../server/src/lsp/analysis/cachedSegment";
import type { FindingItem } from "../../../server/src/lsp/analysis/findings";

const int = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const position = fc.record({ line: int, character: int, offset: int });
const range = fc.record({ start: position, end: position });
const text = fc.string({ maxLength: 40, unit: "grapheme" });

const item: fc.Arbitrary<FindingItem> = fc.record(
  {
    code: fc.constantFrom("repetition", "arithmetic-slip", "parse-error"),
    severity: fc.constantFrom("error", "warning", "info", "hint"),
    message: text,
    range,
    sampleIndex: fc.nat(100),
    fixes: fc.constant([]),
  },
  { requiredKeys: ["code", "severity", "message", "range", "fixes"] },
);

const summary: fc.Arbitrary<SampleSummary> = fc.record(
  {
    sampleIndex: fc.nat(100),
    composite: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null }),
    line: text,
    extracted: fc.option(text, { nil: null }),
    extractedRange: range,
    mark: fc.constantFrom("✓", "✗", "?"),
    verdict: text,
  },
  { requiredKeys: ["sampleIndex", "composite", "line", "extracted", "mark", "verdict"] },
);

describe("CachedSegment", () => {
  it("unpacks what it packed", () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 12 }),
        fc.array(summary, { maxLength: 12 }),
        (items, summaries) => {
          const cached = CachedSegment.of(items, summaries);
          expect(cached.itemCount).toBe(items.length);
          expect(cached.items).toEqual(items);
          expect(cached.summaries).toEqual(summaries);
        },
      ),
    );
  });

  it("survives structured cloning with its buffers transferred", () => {
    const items: FindingItem[] = [
      {
        code: "arithmetic-slip",
        severity: "warning",
        message: "First false arithmetic claim: `2 + 2 = 5`",
        range: { start: { line: 3, character: 1, offset: 40 }, end: { line: 3, character: 10, offset: 49 } },
        sampleIndex: 1,
        fixes: [],
      },
    ];
    const summaries: SampleSummary[] = [
      {
        sampleIndex: 0,
        composite: null,
        line: "format ✓",
        extracted: null,
        mark: "?",
        verdict: "not gradable",
      },
    ];
    const data = CachedSegment.of(items, summaries).packed;
    const copy = structuredClone(data, { transfer: [data.ints.buffer, data.composites.buffer] });
    expect(data.ints.length).toBe(0); // moved, not copied
    const cached = new CachedSegment(copy);
    expect(cached.items).toEqual(items);
    expect(cached.summaries).toEqual(summaries);
  });
});
