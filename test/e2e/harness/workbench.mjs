// Every VS Code DOM selector the e2e tests use, and the few UI actions built on them. These are
// workbench internals (checked against VS Code 1.139 in code-server 4.139.1): when an upgrade
// moves them, this is the one file to change. Every action waits on a condition with a deadline.
import { waitUntil } from "./wait.mjs";

/** @typedef {import("playwright-core").Page} Page */
/** @typedef {import("playwright-core").Frame} Frame */

export const SELECTORS = {
  workbench: ".monaco-workbench",
  quickInput: ".quick-input-widget",
  quickInputBox: ".quick-input-widget .quick-input-box input",
  quickInputRow: ".quick-input-widget .monaco-list-row",
  activeTab: ".editor-group-container.active .tab.active",
  anyActiveTab: ".tab.active",
  dirtyActiveTab: ".editor-group-container.active .tab.active.dirty",
  panelPart: ".part.panel",
  panelHideButton: ".part.panel .action-label[aria-label^='Hide Panel']",
  languageStatus: "#status\\.editor\\.mode",
  statusBarItem: ".statusbar-item",
  activeEditor: ".editor-group-container.active .monaco-editor",
  editorLine: ".view-lines .view-line",
  /** Tokens of a line carry `mtk<N>` classes, one per colour of the theme. */
  editorToken: ".view-lines .view-line span[class^='mtk']",
  codeLens: ".contentWidgets .codelens-decoration",
  inlayHint: ".view-lines [class*='dyn-rule']",
  squiggle: ".view-overlays .squiggly-error, .view-overlays .squiggly-warning, .view-overlays .squiggly-info",
  hover: ".monaco-hover:not(.hidden) .monaco-hover-content",
  actionWidgetRow: ".action-widget .monaco-list-row",
  markersPanel: ".markers-panel",
  markersRow: ".markers-panel .monaco-list-row",
  markersFilter: ".viewpane-filter input[aria-label='Filter Problems']",
  outlineRow: ".outline-pane .monaco-list-row, .pane-body.outline-pane .monaco-list-row",
  outlinePaneHeader: ".pane-header[aria-label^='Outline']",
  notificationToast: ".notifications-toasts .notification-toast",
  notificationCenter: ".notifications-center",
  notificationListItem: ".notifications-center .notification-list-item",
  terminal: ".terminal-wrapper .xterm",
  terminalRows: ".terminal-wrapper .xterm-rows",
  webview: "iframe.webview.ready",
  webviewActiveFrame: "iframe#active-frame",
};

/**
 * Waits until the workbench is restored (the smoke-test driver's own signal, 6-20 s cold on two
 * shared cores).
 * @param {Page} page
 */
export async function waitForWorkbench(page, timeoutMs = 90_000) {
  await page.waitForSelector(SELECTORS.workbench, { timeout: timeoutMs });
  await page.waitForFunction(() => "driver" in globalThis, null, { timeout: timeoutMs });
  await page.evaluate(() => /** @type {any} */ (globalThis).driver.whenWorkbenchRestored());
}

/**
 * Types into a quick input and presses Enter on the row whose label contains `label` (pressing
 * Enter on whatever row shows up first is flaky: the list filters asynchronously).
 * @param {Page} page
 */
async function pickInQuickInput(page, opener, typed, label, timeoutMs) {
  let lastError;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await page.keyboard.press("Escape");
      await page.keyboard.press(opener);
      const box = page.locator(SELECTORS.quickInputBox);
      await box.waitFor({ state: "visible", timeout: timeoutMs });
      await box.fill(typed);
      const row = page.locator(SELECTORS.quickInputRow, { hasText: label }).first();
      await row.waitFor({ state: "visible", timeout: timeoutMs });
      await row.click();
      // Done when the widget closes, or when it already shows the next quick pick (a command
      // that asks for something reuses the same widget at once, so "hidden" may never be seen).
      await waitUntil(
        `the quick input accepts "${label}"`,
        async () => !(await box.isVisible()) || (await box.inputValue()) !== typed,
        { timeoutMs },
      );
      return;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`could not pick "${label}" after typing "${typed}": ${String(lastError)}`);
}

/**
 * Picks a row of a quick pick an extension opened (no typing: its rows are already there).
 * @param {Page} page
 */
export async function pickInQuickPick(page, label, timeoutMs = 30_000) {
  const row = page.locator(SELECTORS.quickInputRow, { hasText: label }).first();
  await row.waitFor({ state: "visible", timeout: timeoutMs });
  await row.click();
  await page.locator(SELECTORS.quickInput).waitFor({ state: "hidden", timeout: timeoutMs });
}

/** Opens a workspace file by name with Quick Open and waits for its tab to be active. */
export async function openFile(page, fileName, timeoutMs = 30_000) {
  await pickInQuickInput(page, "Control+P", fileName, fileName, timeoutMs);
  await page.locator(SELECTORS.activeTab, { hasText: fileName }).waitFor({ timeout: timeoutMs });
  await page.locator(SELECTORS.activeEditor).waitFor({ timeout: timeoutMs });
}

/** Runs a command from the palette by its title (as shown, e.g. "PNS: Show Reward Breakdown"). */
export async function runCommand(page, title, timeoutMs = 30_000) {
  await pickInQuickInput(page, "F1", `>${title}`, title, timeoutMs);
}

/** The language shown in the status bar for the active editor ("PNS dataset"). */
export async function languageMode(page, timeoutMs = 30_000) {
  const item = page.locator(SELECTORS.languageStatus);
  await item.waitFor({ timeout: timeoutMs });
  return (await item.innerText()).trim();
}

/** Distinct token colour classes on the visible lines: 1 means no highlighting. */
export async function distinctTokenClasses(page) {
  return page.$$eval(SELECTORS.editorToken, (spans) => [...new Set(spans.map((span) => span.className))]);
}

/** Moves the cursor with "Go to Line/Column" (1-based). */
export async function goToPosition(page, line, column = 1, timeoutMs = 15_000) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+G");
  const box = page.locator(SELECTORS.quickInputBox);
  await box.waitFor({ state: "visible", timeout: timeoutMs });
  await box.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await page.locator(SELECTORS.quickInput).waitFor({ state: "hidden", timeout: timeoutMs });
  const status = page.locator(".statusbar-item[id='status.editor.selection']");
  await waitUntil(
    `the cursor is at Ln ${line}, Col ${column}`,
    async () => (await status.innerText()).includes(`Ln ${line}, Col ${column}`),
    { timeoutMs },
  );
}

/**
 * Shows the hover at the cursor (editor.action.showHover) and returns its text once it matches
 * `expect`. An empty answer (the server still analysing) shows nothing and is not retried by
 * VS Code, so the command is repeated until the deadline.
 */
export async function hoverAtCursor(page, expect, timeoutMs = 30_000) {
  const hover = page.locator(SELECTORS.hover).first();
  const matches = (text) => (typeof expect === "string" ? text.includes(expect) : expect.test(text));
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    // Through the palette: the Ctrl+K Ctrl+I chord does not reach the editor reliably in Chromium.
    await runCommand(page, "Show or Focus Hover");
    try {
      return await waitUntil(
        `the hover shows ${String(expect)}`,
        async () => {
          last = (await hover.isVisible()) ? await hover.innerText() : "";
          return matches(last) ? last : "";
        },
        { timeoutMs: Math.min(5_000, Math.max(1, deadline - Date.now())) },
      );
    } catch {
      await page.keyboard.press("Escape");
    }
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for a hover showing ${String(expect)} (last: "${last}")`,
  );
}

/** Opens Quick Fix at the cursor (Ctrl+.) and applies the action whose title contains `title`. */
export async function applyQuickFix(page, title, timeoutMs = 30_000) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+.");
  const row = page.locator(SELECTORS.actionWidgetRow, { hasText: title }).first();
  await row.waitFor({ state: "visible", timeout: timeoutMs });
  await row.click();
  await page.locator(SELECTORS.actionWidgetRow).first().waitFor({ state: "hidden", timeout: timeoutMs });
}

/** Titles offered by Quick Fix at the cursor (the menu is closed again). */
export async function quickFixTitles(page, timeoutMs = 30_000) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+.");
  await page.locator(SELECTORS.actionWidgetRow).first().waitFor({ state: "visible", timeout: timeoutMs });
  const titles = await page.locator(SELECTORS.actionWidgetRow).allInnerTexts();
  await page.keyboard.press("Escape");
  return titles.map((title) => title.trim());
}

/**
 * Hides the bottom panel (Problems, Terminal) when it is open, for an unobstructed screenshot.
 * Clicks its close button: a keyboard shortcut would go to a focused webview instead.
 */
export async function hidePanel(page, timeoutMs = 15_000) {
  const panel = page.locator(SELECTORS.panelPart);
  await waitUntil(
    "the bottom panel is hidden",
    async () => {
      if (!(await panel.isVisible())) return true;
      const close = page.locator(SELECTORS.panelHideButton).first();
      if (await close.isVisible()) await close.click();
      else await runCommand(page, "View: Hide Panel");
      return !(await panel.isVisible());
    },
    { timeoutMs, intervalMs: 500 },
  );
}

/** Focuses the first editor group (Ctrl+1), e.g. the text editor beside a webview panel. */
export async function focusFirstEditorGroup(page, fileName, timeoutMs = 15_000) {
  await page.keyboard.press("Control+1");
  await page.locator(SELECTORS.activeTab, { hasText: fileName }).first().waitFor({ timeout: timeoutMs });
}

/** Shows the Problems panel. */
export async function showProblems(page, timeoutMs = 15_000) {
  if (!(await page.locator(SELECTORS.markersPanel).isVisible())) await page.keyboard.press("Control+Shift+M");
  await page.locator(SELECTORS.markersPanel).waitFor({ state: "visible", timeout: timeoutMs });
}

/**
 * Filters the Problems panel (the list is virtualised: only filtered rows are sure to be in the
 * DOM) and returns the texts of the rows shown, once at least `min` match.
 */
export async function problemsMatching(page, filter, { min = 1, timeoutMs = 30_000 } = {}) {
  await showProblems(page);
  const input = page.locator(SELECTORS.markersFilter);
  await input.fill(filter);
  return waitUntil(
    `the Problems panel shows at least ${min} row(s) for "${filter}"`,
    async () => {
      const rows = (await page.locator(SELECTORS.markersRow).allInnerTexts()).filter((row) =>
        row.includes(filter),
      );
      return rows.length >= min ? rows : null;
    },
    { timeoutMs },
  );
}

/** Waits until exactly `count` rows of the Problems panel contain `filter` (0: the finding is gone). */
export async function problemsShowing(page, filter, count, timeoutMs = 30_000) {
  await showProblems(page);
  const input = page.locator(SELECTORS.markersFilter);
  if ((await input.inputValue()) !== filter) await input.fill(filter);
  await waitUntil(
    `the Problems panel shows ${count} row(s) for "${filter}"`,
    async () =>
      (await page.locator(SELECTORS.markersRow).allInnerTexts()).filter((row) => row.includes(filter))
        .length === count,
    { timeoutMs },
  );
}

/** Clears the Problems filter. */
export async function clearProblemsFilter(page) {
  await page.locator(SELECTORS.markersFilter).fill("");
}

/** The count badge of the Problems tab, or 0. */
export async function problemCount(page) {
  const badge = page
    .locator(".panel .composite-bar .badge-content, .part.panel .badge .badge-content")
    .first();
  if (!(await badge.isVisible())) return 0;
  return Number((await badge.innerText()).replace(/\D/g, "")) || 0;
}

/** Focuses the Outline view and returns the labels of its visible rows once `min` are shown. */
export async function outlineRows(page, { min = 1, timeoutMs = 30_000 } = {}) {
  await runCommand(page, "Explorer: Focus on Outline View");
  return waitUntil(
    `the Outline view shows at least ${min} row(s)`,
    async () => {
      const rows = await page.locator(SELECTORS.outlineRow).allInnerTexts();
      return rows.length >= min ? rows.map((row) => row.trim()) : null;
    },
    { timeoutMs },
  );
}

/**
 * The text of the active editor's visible lines (the editor renders only what is on screen, in
 * DOM order, which need not be line order), with the editor's non-breaking spaces made plain.
 */
export async function visibleEditorText(page) {
  const lines = await page.locator(`${SELECTORS.activeEditor} ${SELECTORS.editorLine}`).allInnerTexts();
  return lines.map((line) => line.replace(/\u00a0/g, " ")).join("\n");
}

/** Saves the active editor and waits until its tab is no longer dirty. */
export async function saveActiveEditor(page, timeoutMs = 15_000) {
  await page.keyboard.press("Control+S");
  await page.locator(SELECTORS.dirtyActiveTab).waitFor({ state: "detached", timeout: timeoutMs });
}

/** Closes every editor; unsaved changes are discarded (scenarios save what they mean to keep). */
export async function closeAllEditors(page, timeoutMs = 15_000) {
  await page.keyboard.press("Escape");
  await runCommand(page, "View: Close All Editors");
  const dontSave = page.locator(".monaco-dialog-box .monaco-button", { hasText: "Don't Save" });
  await waitUntil(
    "every editor is closed",
    async () => {
      if (await dontSave.isVisible()) await dontSave.click();
      return (await page.locator(SELECTORS.anyActiveTab).count()) === 0;
    },
    { timeoutMs },
  );
}

/** Shows the terminal panel (the active terminal: a task's, once one runs). */
export async function showTerminal(page, timeoutMs = 15_000) {
  if (!(await page.locator(SELECTORS.terminal).first().isVisible()))
    await runCommand(page, "Terminal: Focus Terminal");
  await page.locator(SELECTORS.terminal).first().waitFor({ state: "visible", timeout: timeoutMs });
}

/**
 * The visible text of the active terminal. Needs the DOM renderer (the session sets
 * `terminal.integrated.gpuAcceleration: off`): the WebGL renderer paints on a canvas.
 */
export async function terminalText(page) {
  const rows = page.locator(SELECTORS.terminalRows);
  const texts = [];
  for (const element of await rows.all())
    if (await element.isVisible()) texts.push(await element.innerText());
  return texts.join("\n").replace(/\u00a0/g, " ");
}

/**
 * Texts of the notifications: the toasts on screen, and (toasts hide after a while) those in the
 * notification center, which this opens when no toast matches `pattern`.
 */
export async function notificationTexts(page, pattern) {
  const toasts = (await page.locator(SELECTORS.notificationToast).allInnerTexts()).map((text) => text.trim());
  if (toasts.some((text) => pattern.test(text))) return toasts;
  if (!(await page.locator(SELECTORS.notificationCenter).isVisible())) {
    await runCommand(page, "Notifications: Show Notifications");
  }
  const listed = await page.locator(SELECTORS.notificationListItem).allInnerTexts();
  return [...toasts, ...listed.map((text) => text.trim())];
}

/**
 * Clicks the button `label` of the notification whose text matches `pattern` (a toast, or the same
 * notification in the notification center once its toast has hidden).
 */
export async function clickNotificationButton(page, pattern, label, timeoutMs = 30_000) {
  const button = (container) =>
    page
      .locator(container)
      .filter({ hasText: pattern })
      .locator(".monaco-button", { hasText: label })
      .first();
  await waitUntil(
    `a notification matching ${String(pattern)} offers "${label}"`,
    async () => {
      for (const container of [SELECTORS.notificationToast, SELECTORS.notificationListItem]) {
        if (await button(container).isVisible()) {
          await button(container).click();
          if (await page.locator(SELECTORS.notificationCenter).isVisible()) {
            await runCommand(page, "Notifications: Hide Notifications");
          }
          return true;
        }
      }
      if (!(await page.locator(SELECTORS.notificationCenter).isVisible())) {
        await runCommand(page, "Notifications: Show Notifications");
      }
      return false;
    },
    { timeoutMs },
  );
}

/**
 * The innermost frame of the webview whose tab is active (webviews nest: the host iframe, then
 * `active-frame` with the panel's own document). Waits until `selector` exists inside it.
 * @param {Page} page
 * @returns {Promise<Frame>}
 */
export async function activeWebviewFrame(page, selector = "body", timeoutMs = 30_000) {
  return waitUntil(
    `a webview shows ${selector}`,
    async () => {
      for (const host of await page.locator(SELECTORS.webview).elementHandles()) {
        if (!(await host.isVisible())) continue;
        const outer = await host.contentFrame();
        const inner = await (await outer?.$(SELECTORS.webviewActiveFrame))?.contentFrame();
        if (inner && (await inner.$(selector))) return inner;
      }
      return null;
    },
    { timeoutMs },
  );
}
