// `npm run test:vscode`: the in-editor mocha suite (test/vscode, bundled by scripts/build.mjs to
// dist/test/vscode/index.js) inside real VS Code, here code-server, with the extension loaded in
// development mode. @vscode/test-electron would download a desktop VS Code, which offline
// machines cannot; `.vscode-test.mjs` still runs the same bundle there for anyone online.
//
// The verdict comes ONLY from window.codeAutomationExit (0 pass, 1 fail): code-server itself
// never exits and logs exit code 0 even when tests fail. Counts come from a JSON file the suite
// may write to $PNS_TEST_COUNTS_FILE, else from mocha's "N passing / N failing / N pending".
//
//   node test/e2e/runVscodeSuite.mjs [--counts-file=<json>] [--suite=<index.js>] [--workspace=<dir>]
//     [--no-build] [--timeout-s=300] [--grep=<mocha grep, e.g. "PNS home">]
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Shots } from "./harness/artifacts.mjs";
import { mochaCounts, parseArgs, writeCounts } from "./harness/cli.mjs";
import { openSession } from "./harness/session.mjs";
import { artifactsRoot, ensureTools, repoRoot } from "./harness/tools.mjs";
import { withDeadline } from "./harness/wait.mjs";

const args = parseArgs();
const counts = { passed: 0, failed: 0, skipped: 0 };
const suite = path.resolve(repoRoot, String(args.get("suite") ?? "dist/test/vscode/index.js"));
const sources = path.join(repoRoot, "test", "vscode", "index.ts");
// Same workspace as .vscode-test.mjs: the suite finds examples/demo.pns next to the extension.
const workspace = path.resolve(repoRoot, String(args.get("workspace") ?? "examples"));
const timeoutMs = Number(args.get("timeout-s") ?? 300) * 1000;
const WORKBENCH_NOISE = /\/static\/out\/vs\/|ENOTFOUND|authentication provider|^\[\w+\] /;

async function main() {
  if (!args.has("suite") && !existsSync(sources)) {
    // Not a pass: say loudly that there is nothing to run, and count it as skipped.
    console.log("vscode: no in-editor suite yet (test/vscode/index.ts is missing): skipped");
    counts.skipped += 1;
    return;
  }
  const started = Date.now();
  const tools = ensureTools();
  if (!args.has("no-build")) {
    const build = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: repoRoot, stdio: "inherit" });
    if (build.status !== 0)
      throw new Error(`node scripts/build.mjs failed (exit ${build.status ?? build.signal})`);
  }
  if (!existsSync(suite))
    throw new Error(`${path.relative(repoRoot, suite)} was not built (see scripts/build.mjs)`);
  if (!suite.startsWith(`${repoRoot}${path.sep}`)) {
    throw new Error(`the suite must lie inside the extension folder ${repoRoot} (a VS Code rule): ${suite}`);
  }

  const countsFile = path.join(os.tmpdir(), `pns-vscode-counts-${process.pid}.json`);
  rmSync(countsFile, { force: true });
  /** @type {string[]} */
  const lines = [];
  const session = await openSession({
    tools,
    name: "vscode-suite",
    workspace,
    extension: {
      developmentPath: repoRoot,
      testsPath: suite,
      env: {
        PNS_TEST_COUNTS_FILE: countsFile,
        PNS_E2E: "code-server",
        ...(typeof args.get("grep") === "string" ? { PNS_TEST_GREP: String(args.get("grep")) } : {}),
      },
    },
    onAutomationLog: (line) => {
      lines.push(line);
      // Mocha's own report, as it arrives; the workbench's offline chatter (gallery lookups,
      // auth providers, with stack traces into workbench.js) stays in browser-console.log.
      if (!WORKBENCH_NOISE.test(line)) process.stdout.write(`${line}\n`);
    },
  });
  const shots = new Shots("vscode-suite-screens");
  try {
    console.log(
      `vscode: workbench restored (${((Date.now() - started) / 1000).toFixed(1)} s); running ${path.relative(repoRoot, suite)}`,
    );
    const code = await withDeadline(
      "the in-editor suite to finish (codeAutomationExit)",
      session.automationExit,
      timeoutMs,
    );
    await shots.take(session.page, code === 0 ? "finished" : "failed");
    let reported;
    try {
      reported = JSON.parse(readFileSync(countsFile, "utf8"));
    } catch {
      reported = mochaCounts(lines);
    }
    if (reported)
      Object.assign(counts, {
        passed: reported.passed,
        failed: reported.failed,
        skipped: reported.skipped ?? 0,
      });
    // The exit code is the verdict: a failure the counts missed (a crash in run()) still fails.
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    console.log(
      `vscode: codeAutomationExit(${code}); ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} pending in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    await shots.take(session.page, "timeout");
    throw error;
  } finally {
    await session.close();
    rmSync(countsFile, { force: true });
  }
}

try {
  await main();
} catch (error) {
  counts.failed += 1;
  console.error(`vscode: ${error instanceof Error ? error.message : String(error)}`);
  console.error(`vscode: logs in ${path.relative(repoRoot, path.join(artifactsRoot, "vscode-suite"))}`);
}
writeCounts(args, counts);
process.exitCode = counts.failed > 0 ? 1 : 0;
