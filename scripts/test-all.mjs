// `npm test`: installs what the suites need, runs every suite, and ends with one line
// `N passed, N failed` totalled over all of them (also when a suite fails or cannot start).
// Each suite reports its counts through a small JSON file, so totals never depend on scraping logs.
//
//   npm test                  every suite
//   npm test -- unit jobs     only the named suites
//   PNS_TEST_SKIP=e2e,vscode  skip suites (for quick local runs; CI runs everything)
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const artifacts = path.join(root, ".test-artifacts");
mkdirSync(artifacts, { recursive: true });

/** Runs a command with inherited output; resolves to its exit code. */
function sh(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", ...options });
    child.on("error", (error) => {
      console.error(`cannot start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** A gate (typecheck, lint, format) counts as one test. */
const gate = (name, command, args) => ({
  name,
  async run() {
    const code = await sh(command, args);
    return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
  },
});

const suites = [
  gate("build", "node", ["scripts/build.mjs"]),
  gate("typecheck", "npx", ["tsc", "-p", ".", "--noEmit"]),
  gate("lint", "npx", ["eslint", "."]),
  gate("format", "npx", ["prettier", "--check", "."]),
  {
    name: "unit",
    async run() {
      const out = path.join(artifacts, "vitest.json");
      rmSync(out, { force: true });
      const code = await sh("npx", [
        "vitest",
        "run",
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${out}`,
      ]);
      const report = readJson(out);
      if (!report) return { passed: 0, failed: 1, note: `vitest exited ${code} without a report` };
      const failed = report.numFailedTests + (code !== 0 && report.numFailedTests === 0 ? 1 : 0);
      return { passed: report.numPassedTests, failed, skipped: report.numPendingTests + report.numTodoTests };
    },
  },
  {
    name: "jobs",
    when: () => existsSync(path.join(root, "jobs", "pyproject.toml")),
    async run() {
      const setup = await sh("bash", ["jobs/setup-venv.sh"]);
      if (setup !== 0) return { passed: 0, failed: 1, note: "could not create the Python environment" };
      const out = path.join(artifacts, "pytest.json");
      rmSync(out, { force: true });
      const code = await sh("jobs/.venv/bin/python", [
        "-m",
        "pytest",
        "jobs/tests",
        "-q",
        `--counts-file=${out}`,
      ]);
      const counts = readJson(out);
      if (!counts) return { passed: 0, failed: 1, note: `pytest exited ${code} without a report` };
      return { ...counts, failed: counts.failed + (code !== 0 && code !== 5 && counts.failed === 0 ? 1 : 0) };
    },
  },
  {
    name: "vscode",
    when: () => existsSync(path.join(root, "test", "e2e", "runVscodeSuite.mjs")),
    async run() {
      const out = path.join(artifacts, "vscode.json");
      rmSync(out, { force: true });
      const code = await sh("node", ["test/e2e/runVscodeSuite.mjs", `--counts-file=${out}`]);
      const counts = readJson(out);
      if (!counts) return { passed: 0, failed: 1, note: `in-editor suite exited ${code} without a report` };
      return counts;
    },
  },
  {
    name: "e2e",
    when: () => existsSync(path.join(root, "test", "e2e", "runScenarios.mjs")),
    async run() {
      const out = path.join(artifacts, "e2e.json");
      rmSync(out, { force: true });
      const code = await sh("node", ["test/e2e/runScenarios.mjs", `--counts-file=${out}`]);
      const counts = readJson(out);
      if (!counts) return { passed: 0, failed: 1, note: `e2e exited ${code} without a report` };
      return counts;
    },
  },
];

const only = process.argv.slice(2);
const skip = (process.env.PNS_TEST_SKIP ?? "").split(",").filter(Boolean);
const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
for (const suite of suites) {
  if (only.length > 0 && !only.includes(suite.name)) continue;
  if (skip.includes(suite.name)) continue;
  if (suite.when && !suite.when()) continue;
  console.log(`\n=== suite: ${suite.name}`);
  const started = Date.now();
  let result;
  try {
    result = await suite.run();
  } catch (error) {
    result = { passed: 0, failed: 1, note: String(error) };
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  totals.passed += result.passed;
  totals.failed += result.failed;
  totals.skipped += result.skipped ?? 0;
  rows.push(
    `${suite.name.padEnd(10)} ${String(result.passed).padStart(5)} passed ${String(result.failed).padStart(4)} failed  ${seconds}s${result.note ? `  (${result.note})` : ""}`,
  );
}
console.log("\n=== summary");
for (const row of rows) console.log(row);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 ? 1 : 0;
