// Debian's Chromium driven by playwright-core (scripts/chromium.mjs; the binary's path comes from
// scripts/setup-e2e.sh through tools.mjs).
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { format } from "node:util";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS } from "../../../scripts/chromium.mjs";

// The shared flags, plus shared memory in /tmp rather than /dev/shm, which containers often keep
// small (64 MB under Docker) for a page as heavy as the workbench.
const FLAGS = [...CHROMIUM_FLAGS, "--disable-dev-shm-usage"];

/** Offline noise the workbench logs on every start: not worth a line in the console log. */
const NOISE = [/open-vsx\.org/, /ENOTFOUND/, /telemetry/i, /Failed to load resource/, /vscode-userdata/];

/**
 * Launches Chromium with a fresh profile and one page. Console lines (minus offline noise) and
 * the smoke driver's log calls go to `consoleLog`; `onAutomationExit` receives the result of an
 * extensionTestsPath run (the workbench calls window.codeAutomationExit when run() settles).
 * @param {{ chromium: string, profileDir: string, consoleLog: string,
 *   onAutomationLog?: (line: string) => void, onAutomationExit?: (code: number) => void,
 *   viewport?: { width: number, height: number } }} options
 */
export async function launchBrowser({
  chromium: executablePath,
  profileDir,
  consoleLog,
  onAutomationLog,
  onAutomationExit,
  viewport = { width: 1400, height: 900 },
}) {
  mkdirSync(path.dirname(consoleLog), { recursive: true });
  const log = createWriteStream(consoleLog);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: FLAGS,
    viewport,
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (message) => {
    const text = message.text();
    if (NOISE.some((pattern) => pattern.test(text))) return;
    log.write(`[${message.type()}] ${text}\n`);
  });
  page.on("pageerror", (error) => log.write(`[pageerror] ${error.message}\n`));
  // Both must exist before the workbench loads: it looks them up once at startup.
  await page.exposeFunction("codeAutomationLog", (level, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    log.write(`[automation:${level}] ${line}\n`);
    onAutomationLog?.(line);
  });
  await page.exposeFunction("codeAutomationExit", (code) => {
    log.write(`[automation:exit] ${code}\n`);
    onAutomationExit?.(Number(code));
  });
  const close = async () => {
    await context.close().catch(() => undefined);
    log.end();
  };
  return { context, page, close };
}
