import { describe, expect, it } from "vitest";
import { csvCell, curvesCsv } from "../../../webview/src/logic/csv";
import { compileSearch, filterRows, metaValues, sortRows } from "../../../webview/src/logic/overviewFilter";
import type { OverviewRow } from "../../../webview/src/shared/protocol";

describe("CSV export", () => {
  it("quotes and defuses cells a spreadsheet would run as formulas", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe(`"'=HYPERLINK(1)"`);
    expect(csvCell('a,"b"')).toBe(`"a,""b"""`);
    expect(csvCell(0.5)).toBe("0.5");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(null)).toBe("");
  });
  it("writes one row per run and step", () => {
    const csv = curvesCsv(
      [{ label: "-run", steps: [1, 2], columns: new Map([["loss", [1, null]]]) }],
      ["loss", "kl"],
    );
    expect(csv).toBe(`run,step,loss,kl\n"'-run",1,1,\n"'-run",2,,\n`);
  });
});

const row = (over: Partial<OverviewRow>): OverviewRow => ({
  uri: "file:///d.pns",
  problemId: "p",
  sampleIndex: 0,
  role: "negative",
  meta: {},
  gold: "72",
  extracted: "96",
  correct: false,
  composite: 0.5,
  components: {},
  codes: [],
  chars: 10,
  range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
  ...over,
});

describe("overview filter and sort", () => {
  const rows = [
    row({
      problemId: "a-1",
      composite: 0.9,
      codes: ["arithmetic-slip"],
      meta: { model: "x", kind: "plausible" },
    }),
    row({ problemId: "a-2", composite: 0.2, meta: { model: "y" } }),
    row({ problemId: "b-1", composite: null, role: "positive", codes: ["positive-incorrect", "truncated"] }),
  ];

  it("filters by code, role, score range, metadata and search", () => {
    expect(filterRows(rows, { code: "arithmetic-slip" }).rows.map((r) => r.problemId)).toEqual(["a-1"]);
    expect(filterRows(rows, { role: "positive" }).rows.map((r) => r.problemId)).toEqual(["b-1"]);
    expect(filterRows(rows, { min: 0.5 }).rows.map((r) => r.problemId)).toEqual(["a-1"]);
    expect(filterRows(rows, { max: 0.5 }).rows.map((r) => r.problemId)).toEqual(["a-2"]);
    expect(filterRows(rows, { meta: "model=y" }).rows.map((r) => r.problemId)).toEqual(["a-2"]);
    expect(filterRows(rows, { meta: "kind" }).rows.map((r) => r.problemId)).toEqual(["a-1"]);
    expect(filterRows(rows, { search: "A-" }).rows).toHaveLength(2);
    expect(filterRows(rows, { search: "/^a-\\d$/" }).rows).toHaveLength(2);
    expect(filterRows(rows, { search: "/^truncated$/" }).rows.map((r) => r.problemId)).toEqual(["b-1"]);
  });

  it("reports a bad regex instead of throwing", () => {
    const r = filterRows(rows, { search: "/(/" });
    expect(r.rows).toEqual([]);
    expect(r.error).toMatch(/Invalid regular expression|Unterminated group/);
    expect(compileSearch(undefined).test("x")).toBe(true);
  });

  it("sorts stably with unscored rows last in both directions", () => {
    expect(sortRows(rows, { key: "composite", descending: false }).map((r) => r.problemId)).toEqual([
      "a-2",
      "a-1",
      "b-1",
    ]);
    expect(sortRows(rows, { key: "composite", descending: true }).map((r) => r.problemId)).toEqual([
      "a-1",
      "a-2",
      "b-1",
    ]);
    expect(sortRows(rows, { key: "findings", descending: true }).map((r) => r.problemId)).toEqual([
      "b-1",
      "a-1",
      "a-2",
    ]);
    expect(sortRows(rows, { key: "problem", descending: true }).map((r) => r.problemId)).toEqual([
      "b-1",
      "a-2",
      "a-1",
    ]);
  });

  it("lists metadata values for suggestions", () => {
    expect([...metaValues(rows).get("model")!]).toEqual(["x", "y"]);
  });
});
