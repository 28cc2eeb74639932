import { describe, expect, it } from "vitest";
import { metaTokens, metaValue, setMeta, swapRole } from "../../../client/src/panels/triage/directive";
import { bulkPlan, StaleDocumentError, triagePlan } from "../../../client/src/panels/triage/plan";

describe("directive edits", () => {
  it("finds bare and JSON-string values, escapes included", () => {
    const line = '@negative model=x note="a \\"b\\" c" status=flagged';
    expect(metaTokens(line).map((t) => [t.key, line.slice(t.start, t.end)])).toEqual([
      ["model", "model=x"],
      ["note", 'note="a \\"b\\" c"'],
      ["status", "status=flagged"],
    ]);
  });

  it("sets a new key at the end and replaces an existing one in place", () => {
    expect(setMeta("@negative model=x", "status", "accepted")).toBe("@negative model=x status=accepted");
    expect(setMeta("@negative", "status", "accepted")).toBe("@negative status=accepted");
    expect(setMeta("@negative status=flagged model=x", "status", "rejected")).toBe(
      "@negative status=rejected model=x",
    );
    expect(setMeta('@negative note="x y" status="old one"', "status", "accepted")).toBe(
      '@negative note="x y" status=accepted',
    );
  });

  it("collapses a duplicated key to the value set", () => {
    expect(setMeta("@negative status=a model=x status=b", "status", "accepted")).toBe(
      "@negative status=accepted model=x",
    );
  });

  it("quotes values the format cannot write bare", () => {
    expect(metaValue("two words")).toBe('"two words"');
    expect(metaValue("")).toBe('""');
    expect(metaValue('q"')).toBe('"q\\""');
    expect(metaValue("3.10")).toBe("3.10");
    expect(() => setMeta("@negative", "bad key", "x")).toThrow(/invalid metadata key/);
  });

  it("swaps roles only on sample directives", () => {
    expect(swapRole("@negative model=x")).toBe("@positive model=x");
    expect(swapRole("@positive")).toBe("@negative");
    expect(swapRole("@problem p")).toBeUndefined();
    expect(swapRole("@negatives")).toBeUndefined();
  });
});

describe("plans", () => {
  const doc = [
    "@pns 1",
    "",
    "@problem p",
    "Q",
    "",
    "@answer 1",
    "@positive",
    "A",
    "",
    "@negative kind=x",
    "B",
    "",
    "@negative",
    "C",
  ];
  const lineAt = (n: number) => doc[n];

  it("triage sets status on the rejected sample or swaps both roles", () => {
    expect(triagePlan("accept", lineAt, 9, 6)).toEqual({
      replace: [{ line: 9, text: "@negative kind=x status=accepted" }],
      delete: [],
    });
    expect(triagePlan("flag", lineAt, 9, 6).replace[0].text).toBe("@negative kind=x status=flagged");
    expect(triagePlan("swap", lineAt, 9, 6)).toEqual({
      replace: [
        { line: 9, text: "@positive kind=x" },
        { line: 6, text: "@negative" },
      ],
      delete: [],
    });
  });

  it("refuses to edit a line that is no longer a directive", () => {
    expect(() => triagePlan("reject", lineAt, 10, 6)).toThrow(StaleDocumentError);
  });

  it("deletes samples with their separator line, merging adjacent ones, in one plan", () => {
    const plan = bulkPlan("drop", lineAt, doc.length, [
      { startLine: 12, endLine: 13 },
      { startLine: 9, endLine: 10 },
    ]);
    expect(plan).toEqual({ replace: [], delete: [{ from: 9, to: 14 }] });
    expect(bulkPlan("reject", lineAt, doc.length, [{ startLine: 12, endLine: 13 }]).replace).toEqual([
      { line: 12, text: "@negative status=rejected" },
    ]);
  });
});
