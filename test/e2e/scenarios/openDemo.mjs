// Open the demo dataset as a newcomer would: the language is PNS, the text is highlighted, the
// Problems panel lists the planted issues, and the outline shows problems with their samples.
import {
  distinctTokenClasses,
  goToPosition,
  hoverAtCursor,
  languageMode,
  openFile,
  outlineRows,
  problemsMatching,
  clearProblemsFilter,
} from "../harness/workbench.mjs";
import { waitUntil } from "../harness/wait.mjs";

/** Findings examples/demo.pns is built to show (examples/README.md lists where they are). */
const EXPECTED = [
  { code: "negative-correct", what: "a false negative (a 'negative' whose answer is right)" },
  { code: "positive-incorrect", what: "a positive with a wrong answer" },
  { code: "arithmetic-slip", what: "an arithmetic slip" },
];

/** @type {import("./types.mjs").Scenario} */
export default {
  name: "open-demo",
  title: "open demo.pns: PNS language, highlighting, expected findings, outline",
  async run({ page, shots, log }) {
    await openFile(page, "demo.pns");
    const mode = await languageMode(page);
    if (mode !== "PNS dataset") throw new Error(`the language mode is "${mode}", expected "PNS dataset"`);
    // Tokenisation runs after the first paint: wait until directives, ids and math have colours.
    const classes = await waitUntil(
      "the demo file is highlighted with at least 4 token colours",
      async () => {
        const found = await distinctTokenClasses(page);
        return found.length >= 4 ? found : null;
      },
      { timeoutMs: 30_000 },
    );
    log(`language ${mode}; ${classes.length} token colours`);
    await shots.take(page, "demo-open");

    for (const { code, what } of EXPECTED) {
      const rows = await problemsMatching(page, code, { timeoutMs: 45_000 });
      log(`${code}: ${rows.length} row(s) shown, e.g. ${rows[0].split("\n")[0].slice(0, 100)}`);
      if (!rows.every((row) => /\[Ln \d+, Col \d+\]/.test(row))) {
        throw new Error(`${what}: a row has no position: ${rows.join(" | ")}`);
      }
      await shots.take(page, `problems-${code}`);
    }
    await clearProblemsFilter(page);

    // The outline opens with the first problem expanded: its answer and samples are its children.
    const rows = await outlineRows(page, { min: 3 });
    for (const [pattern, what] of [
      [/^fractions-1(?!\d)/, "the problem fractions-1"],
      [/^positive #\d/, "a positive sample"],
      [/^negative #\d/, "a negative sample"],
    ]) {
      if (!rows.some((row) => pattern.test(row)))
        throw new Error(`the outline lacks ${what}: ${rows.join(" | ")}`);
    }
    log(
      `outline: ${rows
        .slice(0, 4)
        .map((row) => row.replace(/\s+/g, " "))
        .join(" | ")}`,
    );
    await shots.take(page, "outline");

    // The README's first picture: diagnostics, the outline and a breakdown hover at once.
    await clearProblemsFilter(page);
    await openFile(page, "demo.pns");
    await goToPosition(page, 20, 3);
    await hoverAtCursor(page, /composite/i);
    await shots.take(page, "hero", { publish: "editor.png" });
    await page.keyboard.press("Escape");
  },
};
