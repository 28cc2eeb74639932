// One code-server + one Chromium page, with the extension either installed from the packaged
// .vsix (what users get) or loaded in development mode through the smoke-test driver's URL
// payload (what the in-editor mocha suite needs: extensionTestsPath only works that way).
import { cpSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { launchBrowser } from "./browser.mjs";
import { installExtension, makeSandbox, removeSandbox, startCodeServer } from "./codeServer.mjs";
import { artifactsRoot } from "./tools.mjs";
import { waitForWorkbench } from "./workbench.mjs";

/**
 * @typedef {{ vsix: string } | { developmentPath: string, testsPath?: string, env?: Record<string, string> }} ExtensionSource
 * @typedef {{ tools: import("./tools.mjs").E2eTools, name: string, workspace: string,
 *   extension: ExtensionSource, settings?: Record<string, unknown>, onAutomationLog?: (line: string) => void }} SessionOptions
 */

/**
 * Starts everything and resolves once the workbench is restored. On any failure what was
 * started is torn down before the error propagates.
 * @param {SessionOptions} options
 */
export async function openSession({ tools, name, workspace, extension, settings = {}, onAutomationLog }) {
  const logs = path.join(artifactsRoot, name);
  mkdirSync(logs, { recursive: true });
  const sandbox = makeSandbox();
  /** @type {Array<() => Promise<void> | void>} */
  const teardown = [];
  const close = async () => {
    for (const step of teardown.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`teardown step failed: ${String(error)}`);
      }
    }
    teardown.length = 0;
  };
  teardown.push(() => removeSandbox(sandbox));
  // Keep VS Code's own logs (extension host, language server output channel) next to the shots.
  teardown.push(() => {
    const vscodeLogs = path.join(sandbox.userData, "logs");
    if (existsSync(vscodeLogs)) cpSync(vscodeLogs, path.join(logs, "vscode-logs"), { recursive: true });
  });
  try {
    let installed;
    if ("vsix" in extension) installed = installExtension(tools, sandbox, extension.vsix);
    const server = await startCodeServer({
      tools,
      sandbox,
      workspace,
      settings,
      logFile: path.join(logs, "code-server.log"),
    });
    teardown.push(() => server.stop());

    /** @type {(code: number) => void} */
    let settleExit = () => undefined;
    /** Resolves with the code the workbench passes to codeAutomationExit (extensionTestsPath runs). */
    const automationExit = new Promise((resolve) => {
      settleExit = resolve;
    });
    const browser = await launchBrowser({
      chromium: tools.chromium,
      profileDir: sandbox.browserProfile,
      consoleLog: path.join(logs, "browser-console.log"),
      onAutomationLog,
      onAutomationExit: (code) => settleExit(code),
    });
    teardown.push(() => browser.close());

    const query = new URLSearchParams({ folder: workspace });
    if (!("vsix" in extension)) {
      const remote = (file) => `vscode-remote://127.0.0.1:${server.port}${file}`;
      const payload = [["extensionDevelopmentPath", remote(extension.developmentPath)]];
      if (extension.testsPath) payload.push(["extensionTestsPath", remote(extension.testsPath)]);
      if (extension.env) payload.push(["extensionEnvironment", JSON.stringify(extension.env)]);
      query.set("payload", JSON.stringify(payload));
    }
    await browser.page.goto(`${server.url}/?${query.toString()}`, { timeout: 60_000 });
    await waitForWorkbench(browser.page);
    return {
      page: browser.page,
      url: server.url,
      port: server.port,
      sandbox,
      installed,
      automationExit,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
