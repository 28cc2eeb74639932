/**
 * Real headless Chromium for the webview tests: Debian's `chromium` through playwright-core, found
 * (and installed when missing and running as root, as CI does) by scripts/chromium.mjs, so the
 * suite is never silently skipped; otherwise the error says how to install it.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { panelHtml } from "../../../client/src/panels/html";
import type { Inbound, PanelKind } from "../../../webview/src/shared/protocol";
import { CHROMIUM_FLAGS, chromiumPath } from "../../../scripts/chromium.mjs";
import { THEMES, type ThemeName } from "./themes";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const ORIGIN = "https://pns-webview.test";
export const ARTIFACTS = path.join(ROOT, ".test-artifacts", "webview");
const DIST = path.join(ROOT, "dist", "webview");

// Still exported from here for the tests; the lookup itself is shared with the benchmark and e2e.
export { chromiumPath };

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function bundlesStale(): boolean {
  const newest = Math.max(
    newestSource(path.join(ROOT, "webview", "src")),
    statSync(path.join(ROOT, "client/src/panels/html.ts")).mtimeMs,
  );
  return ["curves", "diff", "overview", "compare"].some((p) => {
    const file = path.join(DIST, `${p}.js`);
    return !existsSync(file) || statSync(file).mtimeMs < newest;
  });
}

/** Builds the bundles when a webview source is newer; test files running in parallel take turns. */
export function ensureBundles(): void {
  if (!bundlesStale()) return;
  execFileSync("flock", ["/tmp/pns-webview-build.lock", "node", "scripts/build.mjs"], {
    cwd: ROOT,
    stdio: "inherit",
  });
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const dir = mkdtempSync(path.join(tmpdir(), "pns-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [...CHROMIUM_FLAGS],
  });
  // Everything the page loads comes from dist/webview; anything else is refused (and counted).
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      blocked.push(route.request().url());
      return route.abort();
    }
    const html = pages.get(url.pathname);
    if (html) return route.fulfill({ status: 200, contentType: "text/html", body: html });
    const file = path.join(DIST, decodeURIComponent(url.pathname));
    if (!file.startsWith(DIST) || !existsSync(file)) return route.fulfill({ status: 404, body: "" });
    const type = file.endsWith(".js")
      ? "text/javascript"
      : file.endsWith(".css")
        ? "text/css"
        : file.endsWith(".woff2")
          ? "font/woff2"
          : "application/octet-stream";
    return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One Chromium for the test file that calls this at its top level: bundles built, artefact folder
 * made and the browser launched before its tests, closed after them. Returns the browser's getter.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureBundles();
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
  });
  afterAll(async () => browser?.close());
  return () => {
    if (!browser) throw new Error("no browser: call useBrowser() at the top level of the test file");
    return browser;
  };
}

/** Requests to anywhere but the test origin (should stay empty: the CSP forbids them). */
export const blocked: string[] = [];
const pages = new Map<string, string>();

export interface PanelPage {
  page: Page;
  /** Delivers a host message to the webview. */
  post(message: Inbound): Promise<void>;
  /** Messages the webview posted to the host, in order. */
  posted(): Promise<{ type: string; [key: string]: unknown }[]>;
  /** CSP violations and page errors seen so far. */
  problems(): Promise<string[]>;
  /** Saves `.test-artifacts/webview/<name>.png` (the viewport, or the whole page). */
  screenshot(name: string, fullPage?: boolean): Promise<string>;
}

/**
 * Opens a panel the way VS Code does: the real HTML shell and CSP from client/src/panels/html.ts,
 * the real bundle, the theme's variables on the root, and a stand-in `acquireVsCodeApi` that
 * records posted messages and keeps setState's value (optionally pre-filled, as after a reload).
 */
export async function openPanel(
  browser: Browser,
  kind: PanelKind,
  theme: ThemeName,
  savedState?: unknown,
): Promise<PanelPage> {
  const page = await browser.context.newPage();
  const nonce = "dGVzdC1ub25jZS0xMjM0NTY3OA";
  const html = panelHtml({
    cspSource: ORIGIN,
    nonce,
    scriptUri: `${ORIGIN}/${kind}.js`,
    styleUri: `${ORIGIN}/${kind}.css`,
    title: kind,
  }).replace("<body>", `<body class="${THEMES[theme].bodyClass}">`);
  const pagePath = `/${kind}-${theme}.html`;
  pages.set(pagePath, html);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  await page.addInitScript(
    ({ vars, saved }) => {
      const w = window as unknown as Record<string, unknown>;
      w.__pwned = false;
      w.__posted = [];
      w.__csp = [];
      w.__state = saved;
      // As VS Code does: theme variables on the root element through the CSSOM (the CSP forbids
      // inline style attributes). The init script runs before <html> exists: wait for it.
      const applyVars = (): boolean => {
        if (!document.documentElement) return false;
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        return true;
      };
      if (!applyVars()) {
        const observer = new MutationObserver(() => applyVars() && observer.disconnect());
        observer.observe(document, { childList: true });
      }
      document.addEventListener("securitypolicyviolation", (e) =>
        (w.__csp as string[]).push(`${e.violatedDirective} ${e.blockedURI}`),
      );
      let acquired = false;
      w.acquireVsCodeApi = () => {
        if (acquired) throw new Error("acquireVsCodeApi called twice");
        acquired = true;
        return {
          postMessage: (m: unknown) => (w.__posted as unknown[]).push(JSON.parse(JSON.stringify(m))),
          getState: () => w.__state,
          setState: (s: unknown) => {
            w.__state = JSON.parse(JSON.stringify(s)) as unknown;
          },
        };
      };
    },
    { vars: THEMES[theme].vars, saved: savedState },
  );
  await page.goto(`${ORIGIN}${pagePath}`);
  try {
    await page.waitForFunction(
      () =>
        ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some(
          (m) => m.type === "ready",
        ),
      undefined,
      { timeout: 10_000 },
    );
  } catch (error) {
    throw new Error(
      `${kind} panel never posted "ready": ${[...errors, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))].join("; ") || String(error)}`,
      { cause: error },
    );
  }
  return {
    page,
    post: (message) => page.evaluate((m) => window.postMessage(m, "*"), message),
    posted: () => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted),
    problems: async () => [
      ...errors,
      ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)),
    ],
    screenshot: async (name, fullPage = true) => {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage });
      return file;
    },
  };
}
