import { describe, expect, it } from "vitest";
import { CompareTableError, parseCompareTable } from "../../client/src/panels/compare/compareTable";
import { TABLE_JSON } from "../webview/support/compareTable";

describe("the comparison table from table.json", () => {
  it("keeps every cell in benchmark order, a missing one as null", () => {
    const table = parseCompareTable(JSON.stringify(TABLE_JSON));
    expect(table.benchmarks).toEqual(["gsm8k", "math500"]);
    expect(table.rows[0]).toEqual({
      backbone: "Qwen2.5-Math-7B",
      arm: "baseline",
      run: "/runs/a",
      model: "Qwen/Qwen2.5-Math-7B",
      cells: [
        { pass1: 0.8, low: 0.78, high: 0.82, problems: 1319 },
        { pass1: 0.5, low: 0.46, high: 0.54, problems: 500 },
      ],
      average: { pass1: 0.65, low: 0.63, high: 0.67, problems: 1819 },
    });
    expect(table.rows[1].cells[1]).toBeNull();
    expect(table.rows[1].average).toBeNull();
    expect(table.codeVersion).toBe("pns 0.1.0 (abc123)");
  });

  it("says which field is wrong", () => {
    const broken = (edit: (t: typeof TABLE_JSON) => unknown) => () =>
      parseCompareTable(JSON.stringify(edit(structuredClone(TABLE_JSON))));
    expect(() => parseCompareTable("{")).toThrow(CompareTableError);
    expect(broken(() => [])).toThrow("a table is a JSON object");
    expect(broken((t) => ({ ...t, benchmarks: "gsm8k" }))).toThrow("benchmarks must be a list");
    expect(broken((t) => ({ ...t, rows: [{ ...t.rows[0], backbone: 3 }] }))).toThrow(
      "rows[0].backbone must be a string",
    );
    expect(
      broken((t) => ({
        ...t,
        rows: [{ ...t.rows[0], benchmarks: { gsm8k: { "pass@1": "0.8", ci95: [0, 1] } } }],
      })),
    ).toThrow('rows[0].benchmarks.gsm8k["pass@1"] must be a number');
    expect(
      broken((t) => ({ ...t, rows: [{ ...t.rows[0], average: { "pass@1": 0.5, ci95: [0.1] } }] })),
    ).toThrow("rows[0].average.ci95 must be [low, high]");
  });
});
