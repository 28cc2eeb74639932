// The PNS home in the activity bar: the Runs view lists the workspace's runs grouped by job and
// follows a run while it is written (status.json and metrics.jsonl appended as a job does, by a
// writer in this test), its Open Curves action opens the curves panel on that run, a deep link
// opens a sample of demo.pns (and a stale one says what is missing), and the walkthrough's first
// two steps complete on the real events (the view shown, a dataset opened).
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../harness/tools.mjs";
import { waitUntil } from "../harness/wait.mjs";
import {
  activeWebviewFrame,
  closeAllEditors,
  notificationTexts,
  runCommand,
  SELECTORS,
} from "../harness/workbench.mjs";

const FIXTURES = path.join(repoRoot, "test", "webview", "fixtures", "runs");
const EXTENSION_ID = "pns-workbench.pns-workbench";
const runsRows = ".pane:has(.pane-header[aria-label^='Runs']) .monaco-list-row";

const stampOf = (date) =>
  date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");

/** Texts of the Runs view's rows on screen. */
async function rowTexts(page) {
  return (await page.locator(runsRows).allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
}

async function waitForRow(page, what, match, timeoutMs = 30_000) {
  let seen = [];
  return waitUntil(
    `the Runs view shows ${what}`,
    async () => {
      seen = await rowTexts(page);
      return seen.find((t) => match.test(t));
    },
    { timeoutMs, describe: () => `rows: ${seen.join(" | ")}` },
  );
}

/** Runs "Developer: Open URL" with a link, accepting VS Code's "open this URI?" question. */
async function openLink(page, link) {
  await runCommand(page, "Developer: Open URL");
  const box = page.locator(SELECTORS.quickInputBox);
  await box.waitFor({ state: "visible", timeout: 15_000 });
  await box.fill(link);
  await page.keyboard.press("Enter");
  const allow = page.locator(".monaco-dialog-box .monaco-button", { hasText: /^Open$/ });
  await allow.waitFor({ state: "visible", timeout: 3_000 }).then(
    () => allow.click(),
    () => undefined, // no question asked (already allowed earlier in this session)
  );
}

/** @type {import("./types.mjs").Scenario} */
export default {
  name: "pns-home",
  title: "PNS view: runs grouped and followed live, Open Curves, a deep link, the walkthrough's first steps",
  prepare(workspace) {
    const runs = path.join(workspace, "runs");
    for (const name of ["20261126T054838Z-dpo", "20261126T060637Z-reverse-rl"])
      cpSync(path.join(FIXTURES, name), path.join(runs, name), { recursive: true });
    mkdirSync(path.join(runs, "20261126T061500Z-reward-model")); // being created: no status.json yet
  },
  async run({ page, shots, workspace, log }) {
    await runCommand(page, "PNS: Focus on Runs View");
    await waitForRow(page, "the finished reverse-rl run", /2026-11-26 06:06:37Z.*succeeded · 30s · reward/);
    await waitForRow(page, "the dpo group", /^dpo/);
    await waitForRow(page, "the run without status.json", /2026-11-26 06:15:00Z.*no status/);
    log(`rows: ${(await rowTexts(page)).join(" | ")}`);
    await shots.take(page, "runs");

    // A run written while the view is open, as a job writes it.
    const started = new Date();
    const dir = path.join(workspace, "runs", `${stampOf(started)}-reverse-rl`);
    const label = stampOf(started).replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3 $4:$5:$6Z");
    mkdirSync(dir);
    const status = (state) =>
      writeFileSync(
        path.join(dir, "status.json"),
        JSON.stringify({ job: "reverse-rl", state, started: started.toISOString().replace(/\.\d+Z$/, "Z") }),
      );
    status("running");
    appendFileSync(
      path.join(dir, "metrics.jsonl"),
      `${JSON.stringify({ step: 1, reward: 0.125, loss: 0.9 })}\n`,
    );
    await waitForRow(
      page,
      "the new run as running at step 1",
      new RegExp(`${label}.*running.*reward 0\\.125 @ 1`),
    );
    appendFileSync(
      path.join(dir, "metrics.jsonl"),
      `${JSON.stringify({ step: 2, reward: 0.375, loss: 0.7 })}\n`,
    );
    await waitForRow(
      page,
      "the running run's reward at step 2",
      new RegExp(`${label}.*running.*reward 0\\.375 @ 2`),
    );
    await shots.take(page, "running");
    status("succeeded");
    await waitForRow(page, "the run succeeded", new RegExp(`${label}.*succeeded.*reward 0\\.375 @ 2`));
    log(`followed ${path.basename(dir)}: running @1 → running @2 → succeeded`);

    // Open Curves from the row's inline action: the curves panel on that run.
    const row = page.locator(runsRows, { hasText: "2026-11-26 06:06:37Z" }).first();
    await row.hover();
    await row.locator(".action-label[aria-label^='Open Curves']").first().click();
    const frame = await activeWebviewFrame(page, ".chart.card", 60_000);
    const shown = await frame
      .locator(".legend button[data-run]")
      .first()
      .getAttribute("data-run", { timeout: 30_000 });
    if (!/20261126T060637Z-reverse-rl/.test(shown ?? ""))
      throw new Error(`the curves panel shows ${shown}, not the clicked run`);
    log(`Open Curves opened ${path.basename(shown ?? "")}`);
    await shots.take(page, "curves-from-view", { publish: "home.png" });
    await closeAllEditors(page);

    // A deep link to the second sample (index 1) of fractions-2, and one to a run that is gone.
    const lines = readFileSync(path.join(workspace, "demo.pns"), "utf8").split("\n");
    const problemLine = lines.findIndex((l) => l.startsWith("@problem fractions-2 "));
    let sampleLine = problemLine;
    for (let seen = -1; seen < 1;) if (/^@(positive|negative)\b/.test(lines[++sampleLine])) seen++;
    await openLink(page, `vscode://${EXTENSION_ID}/open?file=demo.pns&problem=fractions-2&sample=1`);
    await page.locator(SELECTORS.activeTab, { hasText: "demo.pns" }).waitFor({ timeout: 30_000 });
    const cursor = page.locator(".statusbar-item[id='status.editor.selection']");
    await waitUntil(`the cursor is on the sample's line ${sampleLine + 1}`, async () =>
      (await cursor.innerText()).includes(`Ln ${sampleLine + 1},`),
    );
    log(`deep link: demo.pns at line ${sampleLine + 1} (fractions-2, sample 1)`);
    await shots.take(page, "deep-link");
    await openLink(page, `vscode://${EXTENSION_ID}/open?run=runs/20200101T000000Z-dpo&step=3`);
    await waitUntil("a message says the linked run no longer exists", async () =>
      (await notificationTexts(page, /no longer exists/)).find((t) =>
        /20200101T000000Z-dpo no longer exists/.test(t),
      ),
    );
    await runCommand(page, "Notifications: Clear All Notifications");
    await closeAllEditors(page);

    // The walkthrough: the Runs view was shown and demo.pns opened above (by the deep link, not by
    // the step's own "Open the Demo" button), so its first two steps are done once it opens (PNS:
    // Get Started replays what happened before VS Code's walkthrough service existed).
    await runCommand(page, "PNS: Get Started with PNS Workbench");
    const step = (title) => page.locator(".getting-started-step", { hasText: title }).first();
    // A done step's button is aria-checked (its icon turns into a filled check).
    const done = async (title) => (await step(title).getAttribute("aria-checked")) === "true";
    await waitUntil("the walkthrough's first step is complete", () => done("Your PNS home"));
    await waitUntil("the walkthrough's step 'Open the demo dataset' is complete", () =>
      done("Open the demo dataset"),
    );
    log("walkthrough: 'Your PNS home' and 'Open the demo dataset' complete");
    await shots.take(page, "walkthrough");
  },
};
