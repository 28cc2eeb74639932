/**
 * Issue 16.7: every message from a webview is checked against its panel's schema at run time,
 * and the documents it names are listed so the host can keep a panel to its own document.
 */
import { describe, expect, it } from "vitest";
import { messageUris, outsideScope, validateOutbound } from "../../client/src/panels/messageSchema";
import type { CurvesOutbound, DiffOutbound, OverviewOutbound } from "../../webview/src/shared/protocol";

const uri = "file:///ws/data.pns";
const request = { uri, problemId: "p1", sampleIndex: 2 };

/** What the real webviews send (typed against the protocol, so the two cannot drift). */
const VALID = {
  curves: [
    { type: "ready" },
    { type: "curves/addRun" },
    { type: "curves/openSamples", run: "/ws/runs/a", step: 10, metric: "loss" },
    { type: "export", format: "csv", name: "curves.csv", data: "step,loss\n1,2\n" },
    { type: "export", format: "png", name: "curves.png", data: "data:image/png;base64,AAAA" },
  ] satisfies CurvesOutbound[],
  diff: [
    { type: "ready" },
    { type: "diff/navigate", delta: -1 },
    { type: "diff/triage", action: "swap", request: { ...request, withIndex: 0 } },
    { type: "diff/openDiffEditor", request },
    { type: "reveal", uri, line: 12 },
  ] satisfies DiffOutbound[],
  overview: [
    { type: "ready" },
    { type: "reveal", uri, line: 0 },
    { type: "overview/compare", target: request },
    {
      type: "overview/bulk",
      action: "drop",
      targets: [request, { ...request, sampleIndex: 0 }],
      description: "drop 2",
    },
  ] satisfies OverviewOutbound[],
};

describe("webview message schemas", () => {
  it.each(Object.entries(VALID))("accepts what the %s panel sends", (kind, messages) => {
    for (const message of messages)
      expect(validateOutbound(kind as keyof typeof VALID, message), JSON.stringify(message)).toEqual({
        ok: true,
        message,
      });
  });

  it.each([
    ["diff", null, "sends no message of type undefined"],
    ["diff", "reveal", "sends no message of type undefined"],
    ["diff", { type: "overview/bulk", action: "drop", targets: [], description: "" }, "sends no message"],
    ["curves", { type: "reveal", uri, line: 1 }, "sends no message"],
    ["diff", { type: "__proto__" }, "sends no message"],
    ["diff", { type: "toString" }, "sends no message"],
    ["diff", { type: "reveal", uri, line: -1 }, "message.line must be an integer"],
    ["diff", { type: "reveal", uri, line: 1.5 }, "message.line must be an integer"],
    ["diff", { type: "reveal", uri: 42, line: 1 }, "message.uri must be a string"],
    ["diff", { type: "reveal", uri, line: 1, command: "rm -rf" }, 'unknown field "command"'],
    ["diff", { type: "diff/navigate", delta: 5 }, "message.delta must be one of 1, -1"],
    ["diff", { type: "diff/triage", action: "delete-file", request }, "message.action must be one of"],
    [
      "diff",
      { type: "diff/triage", action: "accept", request: { ...request, sampleIndex: "0" } },
      "sampleIndex",
    ],
    ["diff", { type: "diff/openDiffEditor" }, "message.request is missing"],
    [
      "overview",
      { type: "overview/bulk", action: "drop", targets: "all", description: "" },
      "must be an array",
    ],
    [
      "overview",
      { type: "overview/bulk", action: "drop", targets: [{ uri }], description: "" },
      "targets[0].problemId is missing",
    ],
    ["curves", { type: "export", format: "png", name: "../../.bashrc", data: "" }, "plain file name"],
    ["curves", { type: "export", format: "exe", name: "x.exe", data: "" }, "message.format must be one of"],
    [
      "curves",
      { type: "curves/openSamples", run: "x".repeat(5000), step: 1, metric: "m" },
      "over 4096 characters",
    ],
  ] as const)("refuses %s message %j", (kind, message, error) => {
    const result = validateOutbound(kind, message);
    expect(result.ok).toBe(false);
    expect((result as { error: string }).error).toContain(error);
  });

  it("lists every document a message names", () => {
    expect(messageUris({ type: "reveal", uri, line: 1 })).toEqual([uri]);
    expect(messageUris({ type: "diff/triage", action: "accept", request })).toEqual([uri]);
    expect(
      messageUris({ type: "overview/compare", target: { ...request, uri: "file:///other.pns" } }),
    ).toEqual(["file:///other.pns"]);
    expect(
      messageUris({
        type: "overview/bulk",
        targets: [request, { ...request, uri: "untitled:x" }],
        action: "drop",
      }),
    ).toEqual([uri, "untitled:x"]);
    expect(messageUris({ type: "diff/navigate", delta: 1 })).toEqual([]);
  });

  it("keeps a panel to its own document, in the workspace", () => {
    const inWorkspace = (u: string): boolean => u.startsWith("file:///ws/");
    const reveal = (u: string) => ({ type: "reveal", uri: u, line: 1 });
    expect(outsideScope(reveal(uri), uri, inWorkspace)).toBeUndefined();
    expect(outsideScope(reveal("file:///ws/other.pns"), uri, inWorkspace)).toBe("file:///ws/other.pns");
    expect(outsideScope(reveal("command:workbench.action.terminal.new"), uri, inWorkspace)).toBe(
      "command:workbench.action.terminal.new",
    );
    // Its own document, once outside the workspace and closed, is off limits too.
    expect(outsideScope(reveal("file:///etc/passwd"), "file:///etc/passwd", inWorkspace)).toBe(
      "file:///etc/passwd",
    );
    // A panel with no document may name none.
    expect(outsideScope(reveal(uri), undefined, inWorkspace)).toBe(uri);
    const bulk = {
      type: "overview/bulk",
      action: "drop",
      targets: [request, { ...request, uri: "file:///ws/b.pns" }],
    };
    expect(outsideScope(bulk, uri, inWorkspace)).toBe("file:///ws/b.pns");
    expect(outsideScope({ type: "diff/navigate", delta: 1 }, undefined, inWorkspace)).toBeUndefined();
  });
});
