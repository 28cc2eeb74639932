/**
 * The packed cache of a segment's analysis gives back exactly the findings it was made from
 * (fixes aside: cached analyses never keep them) and, per sample, the summary the reports give
 * (numbers, marks, and the display texts made on demand), also after a trip through structured
 * cloning, as between a worker thread and the server.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CachedSegment,
  StringPool,
  type SampleSummary,
  type SummarySource,
} from "../../../server/src/lsp/documentAnalysis/cachedSegment";
import type { FindingItem } from "../../../server/src/lsp/documentAnalysis/findings";
import { summaryLine, verdictLine } from "../../../server/src/lsp/breakdown";

const int = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const position = fc.record({ line: int, character: int, offset: int });
const range = fc.record({ start: position, end: position });
const text = fc.string({ maxLength: 40, unit: "grapheme" });
const score = fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null });

const item: fc.Arbitrary<FindingItem> = fc.record(
  {
    code: fc.constantFrom("repetition", "arithmetic-slip", "parse-error"),
    severity: fc.constantFrom("error", "warning", "info", "hint"),
    message: text,
    range,
    sampleIndex: fc.nat(100),
  },
  { requiredKeys: ["code", "severity", "message", "range"] },
);

const report: fc.Arbitrary<SummarySource> = fc.record({
  sampleIndex: fc.nat(100),
  composite: score,
  components: fc
    .subarray(["format", "accuracy", "rewardModel", "judge", "localCot"] as const)
    .chain((names) =>
      fc.tuple(
        ...names.map((name) =>
          fc.record({ name: fc.constant(name), value: score, weight: fc.constant(1), reason: text }),
        ),
      ),
    ),
  malformed: fc.boolean(),
  verdict: fc.record(
    {
      equal: fc.boolean(),
      gradable: fc.boolean(),
      extracted: fc.option(text, { nil: null }),
      extractedRange: range,
      rule: fc.constantFrom("exact-rational", "symbolic", "none"),
      reason: text,
      gold: text,
    },
    { requiredKeys: ["equal", "gradable", "extracted", "rule", "reason", "gold"] },
  ),
});

/** The summary computed straight from a report (what the cache used to keep). */
function expectedSummary(r: SummarySource): SampleSummary {
  const v = r.verdict;
  return {
    sampleIndex: r.sampleIndex,
    composite: r.composite,
    line: summaryLine(r),
    extracted: v.extracted,
    ...(v.extractedRange ? { extractedRange: v.extractedRange } : {}),
    mark: !v.gradable ? "?" : v.equal ? "✓" : "✗",
    verdict: verdictLine(v),
  };
}

describe("CachedSegment", () => {
  it("unpacks the findings it packed and summarises each report", () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 12 }),
        fc.array(report, { maxLength: 12 }),
        (items, reports) => {
          const cached = CachedSegment.of(items, reports);
          expect(cached.itemCount).toBe(items.length);
          expect(cached.items).toEqual(items);
          expect(cached.summaries).toEqual(reports.map(expectedSummary));
          // Through a pool that starts over every 3 strings: the same texts.
          const pooled = CachedSegment.of(items, reports, new StringPool(3));
          expect(pooled.items).toEqual(items);
          expect(pooled.summaries).toEqual(reports.map(expectedSummary));
        },
      ),
    );
  });

  it("survives structured cloning, as between a worker thread and the server", () => {
    const items: FindingItem[] = [
      {
        code: "arithmetic-slip",
        severity: "warning",
        message: "First false arithmetic claim: `2 + 2 = 5`",
        range: { start: { line: 3, character: 1, offset: 40 }, end: { line: 3, character: 10, offset: 49 } },
        sampleIndex: 1,
      },
    ];
    const reports: SummarySource[] = [
      {
        sampleIndex: 0,
        composite: 0.8,
        components: [
          { name: "format", value: 1, weight: 0.4, reason: "" },
          { name: "accuracy", value: 1, weight: 0, reason: "" },
        ],
        malformed: false,
        verdict: {
          equal: false,
          gradable: true,
          extracted: "62",
          rule: "exact-rational",
          reason: "",
          gold: "72",
        },
      },
    ];
    const data = CachedSegment.of(items, reports).packed;
    const copy = structuredClone(data);
    const cached = new CachedSegment(copy);
    expect(cached.items).toEqual(items);
    expect(cached.summaries).toEqual([
      {
        sampleIndex: 0,
        composite: 0.8,
        line: "format ✓ · answer ≠ (62 ≠ 72)",
        extracted: "62",
        mark: "✗",
        verdict: "differs from the gold `72` (exact-rational)",
      },
    ]);
  });
});
