// Review a negative: hover its header for the reward breakdown, then apply the quick fix that
// moves a false negative (its answer equals the gold) to the positives; the document changes,
// the finding disappears, and the saved file on disk has the new role.
import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { waitUntil } from "../harness/wait.mjs";
import {
  applyQuickFix,
  clearProblemsFilter,
  goToPosition,
  hoverAtCursor,
  openFile,
  problemsMatching,
  problemsShowing,
  saveActiveEditor,
  visibleEditorText,
} from "../harness/workbench.mjs";

const FILE = "review.pns"; // a copy of demo.pns, so other scenarios see the demo unchanged
/** In demo.pns: line 20 is the header of a plausible negative of fractions-1, line 27 a false
 * negative whose boxed `4.5` (line 30, column 23) equals the gold 9/2. */
const PLAUSIBLE_HEADER = { line: 20, column: 3 };
const FALSE_NEGATIVE_ANSWER = { line: 30, column: 23 };
const FINDING = "`4.5` equals the gold";
const MOVED_HEADER = "@positive model=pns-gen-qwen2.5-7b step=240 temperature=1.0 seed=5 kind=false-negative";

/** @type {import("./types.mjs").Scenario} */
export default {
  name: "hover-quickfix",
  title: "hover a negative for its reward breakdown; quick-fix a false negative",
  prepare(workspace) {
    copyFileSync(path.join(workspace, "demo.pns"), path.join(workspace, FILE));
  },
  async run({ page, shots, workspace, log }) {
    await openFile(page, FILE);
    // The finding is listed once the server has analysed the file: hovers answer from then on.
    await problemsMatching(page, FINDING);
    await goToPosition(page, PLAUSIBLE_HEADER.line, PLAUSIBLE_HEADER.column);
    const hover = await hoverAtCursor(page, /composite/i);
    for (const expected of [/negative #2/, /format/, /answer/]) {
      if (!expected.test(hover)) throw new Error(`the hover lacks ${expected}: ${hover}`);
    }
    log(`hover: ${hover.split("\n").slice(0, 3).join(" | ")}`);
    await shots.take(page, "hover-breakdown");
    await page.keyboard.press("Escape");

    await goToPosition(page, FALSE_NEGATIVE_ANSWER.line, FALSE_NEGATIVE_ANSWER.column);
    await shots.take(page, "before-quick-fix");
    await applyQuickFix(page, "Move to positives");
    await waitUntil("the sample header reads @positive", async () =>
      (await visibleEditorText(page)).includes(MOVED_HEADER),
    );
    await problemsShowing(page, FINDING, 0);
    await shots.take(page, "after-quick-fix");
    await clearProblemsFilter(page);

    await saveActiveEditor(page);
    await waitUntil(`${FILE} on disk has the moved sample`, () =>
      readFileSync(path.join(workspace, FILE), "utf8").includes(`\n${MOVED_HEADER}\n`),
    );
    log("quick fix applied, finding gone, file saved");
  },
};
