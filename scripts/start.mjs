// `npm start`: try PNS Workbench without installing VS Code. Builds and packages the extension,
// installs the .vsix into a fresh code-server (real VS Code in the browser) and opens examples/
// on http://127.0.0.1:<port>. Ctrl+C stops code-server and everything it started.
//
//   npm start                    port 8080, or a free one when 8080 is taken
//   npm start -- --port=9000
import path from "node:path";
import { formatSize, packageExtension } from "./package.mjs";
import {
  freePort,
  installExtension,
  makeSandbox,
  removeSandbox,
  startCodeServer,
} from "../test/e2e/harness/codeServer.mjs";
import { ensureTools, repoRoot } from "../test/e2e/harness/tools.mjs";

const portArg = process.argv.find((arg) => arg.startsWith("--port="));

/** The asked-for port, else 8080 when free, else any free port. */
async function choosePort() {
  if (portArg) return Number(portArg.slice("--port=".length));
  const { createServer } = await import("node:net");
  const free = await new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(8080, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
  return free ? 8080 : freePort();
}

console.log(
  "PNS Workbench: installing code-server and Chromium's dependencies if missing (first run: minutes)…",
);
const tools = ensureTools();
console.log("PNS Workbench: building and packaging the extension…");
const packaged = packageExtension({ out: path.join(repoRoot, ".cache", "start", "pns-workbench.vsix") });
console.log(`  ${path.relative(repoRoot, packaged.file)} (${formatSize(packaged.bytes)})`);

const sandbox = makeSandbox("pnsstart-");
installExtension(tools, sandbox, packaged.file);
const workspace = path.join(repoRoot, "examples");
const logFile = path.join(repoRoot, ".cache", "start", "code-server.log");
let server;
try {
  server = await startCodeServer({
    tools,
    sandbox,
    workspace,
    logFile,
    port: await choosePort(),
    smokeDriver: false,
  });
} catch (error) {
  removeSandbox(sandbox);
  console.error(
    `PNS Workbench: code-server did not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log("\nPNS Workbench: stopping code-server…");
  await server.stop();
  removeSandbox(sandbox);
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());

console.log(`
PNS Workbench is running: open ${server.url}/?folder=${encodeURIComponent(workspace)}
  workspace  ${path.relative(process.cwd(), workspace) || "."}  (open demo.pns to start)
  log        ${path.relative(process.cwd(), logFile)}
Press Ctrl+C to stop.`);
