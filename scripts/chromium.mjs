// Debian's Chromium for playwright-core (never `npx playwright install`: no downloads), in one place
// for the webview tests (test/webview/support/browser.ts), the webview benchmark
// (bench/webview.mjs) and the end-to-end harness (test/e2e/harness/browser.mjs), so that the three
// find the same binary and launch it the same way.
import { execFileSync } from "node:child_process";

/**
 * Flags for every headless launch: no sandbox (we run as root in containers), no GPU, and none of
 * the background traffic (QUIC, component updates, sync) a test machine without network would
 * only time out on. Frozen because it is shared: callers copy it and append their own flags.
 */
export const CHROMIUM_FLAGS = Object.freeze([
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]);

/** The absolute path of `name` on the PATH, or undefined. */
function which(name) {
  try {
    return execFileSync("which", [name], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Chromium to launch: `PNS_CHROMIUM` when set, else `chromium` or `chromium-browser` on the
 * PATH; undefined when there is none. Installs nothing.
 * @returns {string | undefined}
 */
export function findChromium() {
  return process.env.PNS_CHROMIUM ?? which("chromium") ?? which("chromium-browser");
}

/**
 * Like findChromium, but a missing browser is installed with apt-get when we run as root (as CI
 * does), so a suite that needs it is never silently skipped; otherwise the error says how to
 * install it.
 * @returns {string}
 */
export function chromiumPath() {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() === 0) {
    execFileSync("apt-get", ["install", "-y", "chromium"], { stdio: "inherit" });
    const installed = which("chromium");
    if (installed) return installed;
  }
  throw new Error("chromium not found: install it (`apt-get install -y chromium`) or set PNS_CHROMIUM");
}
