// Starts code-server (real VS Code: workbench in the browser, extension host in Node 24) on
// 127.0.0.1 with throwaway HOME, XDG, user-data and extensions folders, and stops its whole
// process tree. Facts behind the flags: /work/shared/notes/vscode-testing.md, docs/testing.md.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { killTree } from "./processes.mjs";
import { waitUntil } from "./wait.mjs";

/** User settings that keep the workbench quiet and offline: no chat, no tips, no update checks. */
export const QUIET_SETTINGS = {
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "workbench.tips.enabled": false,
  "update.mode": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "window.restoreWindows": "none",
  "files.hotExit": "off",
  "editor.minimap.enabled": false,
  // The reward server a job starts listens on a local port: no "port forwarded" toasts.
  "remote.autoForwardPorts": false,
  // The DOM renderer, so tests can read a terminal's text (WebGL paints on a canvas).
  "terminal.integrated.gpuAcceleration": "off",
};

/** A free TCP port on 127.0.0.1 (the OS picks one; tiny race until code-server binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Folders under one short temp root (code-server keeps a unix socket in the user-data dir, and
 * socket paths are limited to 108 bytes).
 */
export function makeSandbox(prefix = "pnse2e-") {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = {
    root,
    home: path.join(root, "h"),
    userData: path.join(root, "u"),
    extensions: path.join(root, "x"),
    browserProfile: path.join(root, "b"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}

/** Environment for code-server: Node 24 first on PATH, HOME and XDG inside the sandbox. */
function serverEnv(tools, sandbox, extra = {}) {
  const env = { ...process.env };
  // The project's own test runners set these; they must not leak into the extension host.
  for (const name of Object.keys(env))
    if (name.startsWith("VITEST") || name === "NODE_OPTIONS") delete env[name];
  return {
    ...env,
    PATH: `${path.dirname(tools.node24)}:${env.PATH ?? ""}`,
    HOME: sandbox.home,
    XDG_CONFIG_HOME: path.join(sandbox.home, ".config"),
    XDG_DATA_HOME: path.join(sandbox.home, ".local", "share"),
    XDG_CACHE_HOME: path.join(sandbox.home, ".cache"),
    ...extra,
  };
}

/** `code-server --install-extension <vsix>` into the sandbox's extensions folder. */
export function installExtension(tools, sandbox, vsix) {
  const result = spawnSync(
    tools.node24,
    [
      tools.codeServer,
      "--extensions-dir",
      sandbox.extensions,
      "--user-data-dir",
      sandbox.userData,
      "--install-extension",
      vsix,
    ],
    { env: serverEnv(tools, sandbox), encoding: "utf8", timeout: 120_000 },
  );
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(
      `code-server --install-extension ${vsix} failed (exit ${result.status ?? result.signal}):\n${output}`,
    );
  }
  return output.trim();
}

/**
 * Starts code-server and resolves once GET /healthz answers.
 * @param {{ tools: import("./tools.mjs").E2eTools, sandbox: ReturnType<typeof makeSandbox>,
 *   workspace: string, logFile: string, settings?: Record<string, unknown>,
 *   env?: Record<string, string>, port?: number, host?: string, timeoutMs?: number,
 *   smokeDriver?: boolean }} options
 */
export async function startCodeServer({
  tools,
  sandbox,
  workspace,
  logFile,
  settings = {},
  env = {},
  port,
  host = "127.0.0.1",
  timeoutMs = 60_000,
  smokeDriver = true,
}) {
  // code-server windows are remote windows: settings of `machine` and `machine-overridable`
  // scope (interpreter paths, endpoints) are read from the Machine file, the rest from User.
  for (const scope of ["User", "Machine"]) {
    mkdirSync(path.join(sandbox.userData, scope), { recursive: true });
    writeFileSync(
      path.join(sandbox.userData, scope, "settings.json"),
      JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2),
    );
  }
  const configFile = path.join(sandbox.root, "config.yaml");
  writeFileSync(configFile, ""); // an empty config: no password file, nothing read from ~/.config
  const chosenPort = port ?? (await freePort());
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const args = [
    tools.codeServer,
    "--config",
    configFile,
    "--bind-addr",
    `${host}:${chosenPort}`,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--user-data-dir",
    sandbox.userData,
    "--extensions-dir",
    sandbox.extensions,
    // Lets the page pass extensionDevelopmentPath / extensionTestsPath in the URL payload and
    // exposes window.driver; code-server rejects those options on its own command line.
    ...(smokeDriver ? ["--vscode-option", "enable-smoke-test-driver"] : []),
    "--reconnection-grace-time",
    "5",
    workspace,
  ];
  const child = spawn(tools.node24, args, {
    env: serverEnv(tools, sandbox, env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
  });
  const url = `http://${host}:${chosenPort}`;
  const stop = async () => {
    if (child.pid !== undefined && exited === null) await killTree(child.pid);
    log.end();
  };
  try {
    await waitUntil(
      `code-server answers ${url}/healthz`,
      async () => {
        if (exited) throw new Error(`code-server exited (${JSON.stringify(exited)}); see ${logFile}`);
        const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        return response.ok;
      },
      { timeoutMs, intervalMs: 250 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port: chosenPort, pid: child.pid, stop, hasExited: () => exited !== null };
}

/** Removes a sandbox (after the browser and code-server are gone). */
export function removeSandbox(sandbox) {
  rmSync(sandbox.root, { recursive: true, force: true, maxRetries: 3 });
}
