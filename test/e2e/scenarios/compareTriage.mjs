// Review a pair: "Compare with Positive (Review Panel)" on a plausible negative renders the
// chosen and rejected responses side by side with KaTeX math and marks the first divergent step;
// triaging with the keyboard ("r": reject) edits the .pns file (status=rejected on the sample).
import { copyFileSync } from "node:fs";
import path from "node:path";
import { waitUntil } from "../harness/wait.mjs";
import {
  activeWebviewFrame,
  focusFirstEditorGroup,
  hidePanel,
  goToPosition,
  openFile,
  problemsMatching,
  runCommand,
  visibleEditorText,
} from "../harness/workbench.mjs";

const FILE = "triage.pns"; // a copy of demo.pns
/** demo.pns line 21: inside the plausible negative #2 of fractions-1 (header on line 20). */
const IN_PLAUSIBLE_NEGATIVE = { line: 21, column: 5 };
const HEADER = "@negative model=pns-gen-qwen2.5-7b step=240 temperature=1.0 seed=3 kind=plausible";

/** @type {import("./types.mjs").Scenario} */
export default {
  name: "compare-triage",
  title: "compare a plausible negative with a positive; triage it with the keyboard",
  prepare(workspace) {
    copyFileSync(path.join(workspace, "demo.pns"), path.join(workspace, FILE));
  },
  async run({ page, shots, log }) {
    await openFile(page, FILE);
    await problemsMatching(page, "arithmetic-slip"); // analysed: the server can answer sampleAt
    await goToPosition(page, IN_PLAUSIBLE_NEGATIVE.line, IN_PLAUSIBLE_NEGATIVE.column);
    await hidePanel(page);
    await runCommand(page, "PNS: Compare with Positive (Review Panel)");
    const frame = await activeWebviewFrame(page, "pre.response", 60_000);
    const sides = await waitUntil(
      "both responses render math with KaTeX",
      async () => {
        const counts = await frame.$$eval("pre.response.card", (pres) =>
          pres.map((pre) => pre.querySelectorAll(".katex").length),
        );
        return counts.length >= 2 && counts.every((n) => n > 0) ? counts : null;
      },
      { timeoutMs: 30_000 },
    );
    // KaTeX's own fonts (woff2 from the .vsix), not a fallback: the math is typeset, not just tagged.
    await waitUntil("KaTeX's fonts are loaded in the panel", () =>
      frame.evaluate(async () => {
        const { fonts } = globalThis.document; // runs in the webview, not in Node
        await fonts.ready;
        return [...fonts].some((font) => font.family.includes("KaTeX_Main") && font.status === "loaded");
      }),
    );
    const divergence = await waitUntil("the first divergent step is marked", async () =>
      (await frame.locator(".marker-divergence").count()) > 0
        ? await frame.locator(".marker-divergence").first().innerText()
        : null,
    );
    log(
      `KaTeX nodes per side: ${sides.join(", ")}; divergent step: ${divergence.replace(/\s+/g, " ").slice(0, 80)}`,
    );
    await shots.take(page, "pair", { publish: "diff.png" });

    // Keyboard triage: focus the panel's document, then "r" rejects the rejected sample.
    await frame.locator("body").click({ position: { x: 5, y: 5 } });
    await frame.locator("body").press("r");
    const status = await waitUntil("the panel reports the triage edit", async () => {
      const text = (await frame.locator(".status").first().innerText()).trim();
      return text && !/…$/.test(text) ? text : null;
    });
    log(`panel status: ${status}`);
    await focusFirstEditorGroup(page, FILE);
    await goToPosition(page, 20, 1);
    await waitUntil("the sample header has status=rejected", async () => {
      const text = await visibleEditorText(page);
      return text.includes(HEADER) && /kind=plausible status=rejected/.test(text);
    });
    await shots.take(page, "triaged");
  },
};
