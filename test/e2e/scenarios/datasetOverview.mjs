// The dataset overview of demo.pns lists every sample with its scores; activating a row jumps the
// editor to that sample.
import { waitUntil } from "../harness/wait.mjs";
import {
  activeWebviewFrame,
  hidePanel,
  openFile,
  problemsMatching,
  runCommand,
} from "../harness/workbench.mjs";

const ROW = "fractions-2/0"; // data-row = problemId/sampleIndex: the first positive of fractions-2

/** @type {import("./types.mjs").Scenario} */
export default {
  name: "dataset-overview",
  title: "open the dataset overview and jump from a row to its sample",
  async run({ page, shots, log }) {
    await openFile(page, "demo.pns");
    await problemsMatching(page, "negative-correct");
    await hidePanel(page);
    await runCommand(page, "PNS: Show Dataset Overview");
    const frame = await activeWebviewFrame(page, "table.rows tbody tr", 60_000);
    const rows = await frame.locator("table.rows tbody tr").count();
    log(`overview rows: ${rows}`);
    if (rows < 10) throw new Error(`the overview lists only ${rows} samples`);
    await shots.take(page, "overview", { publish: "overview.png" });
    const row = frame.locator(`tr[data-row="${ROW}"]`);
    const title = (await row.getAttribute("title", { timeout: 30_000 })) ?? "";
    const line = Number(/line (\d+)/.exec(title)?.[1]);
    if (!line) throw new Error(`row ${ROW} does not name its line: "${title}"`);
    await row.click();
    const selection = page.locator(".statusbar-item[id='status.editor.selection']");
    await waitUntil(
      `the editor jumps to line ${line} (${ROW})`,
      async () => (await selection.isVisible()) && (await selection.innerText()).includes(`Ln ${line},`),
    );
    log(`row ${ROW} → Ln ${line}`);
    await shots.take(page, "jumped");
  },
};
