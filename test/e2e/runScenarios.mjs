// `npm run test:e2e`: the packaged extension in real VS Code (code-server), driven by Chromium.
// Installs what it needs (scripts/setup-e2e.sh), builds and packages the .vsix, installs it,
// opens a temporary copy of examples/ and runs the scenarios one after another in ONE
// code-server + browser session (startup costs both cores for ~15 s; paying it once keeps the
// suite short). Screenshots: .test-artifacts/e2e/<scenario>/NN-<step>.png, also on failure.
//
//   node test/e2e/runScenarios.mjs [--counts-file=<json>] [--scenario=a,b] [--pending] [--list]
//     --scenario  run only these (pending ones included when named)
//     --pending   also run the scenarios whose feature has not landed yet (they fail clearly)
//     --publish-screenshots[=docs/images]  copy the README's screenshots there when all passed
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { packageExtension } from "../../scripts/package.mjs";
import { Shots } from "./harness/artifacts.mjs";
import { parseArgs, writeCounts } from "./harness/cli.mjs";
import { openSession } from "./harness/session.mjs";
import { artifactsRoot, ensureTools, repoRoot } from "./harness/tools.mjs";
import { closeAllEditors } from "./harness/workbench.mjs";
import { DEFAULT_SCENARIOS, PENDING_SCENARIOS } from "./scenarios/index.mjs";

const args = parseArgs();
const counts = { passed: 0, failed: 0, skipped: 0 };
const all = [...DEFAULT_SCENARIOS, ...PENDING_SCENARIOS];

function byName(name) {
  const scenario = all.find((s) => s.name === name);
  if (!scenario) throw new Error(`no scenario ${name}; known: ${all.map((s) => s.name).join(", ")}`);
  return scenario;
}

/** The scenarios to run, each preceded by those it requires, in the order of `all`. */
function selectScenarios() {
  const named = args.get("scenario");
  const wanted = new Set(
    typeof named === "string"
      ? named.split(",").map((name) => byName(name))
      : args.has("pending")
        ? all
        : DEFAULT_SCENARIOS,
  );
  for (const scenario of [...wanted]) for (const name of scenario.requires ?? []) wanted.add(byName(name));
  return all.filter((scenario) => wanted.has(scenario));
}

const elapsed = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function main() {
  if (args.has("list")) {
    for (const s of DEFAULT_SCENARIOS) console.log(`${s.name.padEnd(22)} ${s.title}`);
    for (const s of PENDING_SCENARIOS) console.log(`${s.name.padEnd(22)} (pending) ${s.title}`);
    return;
  }
  const scenarios = selectScenarios();
  const started = Date.now();
  const tools = ensureTools();
  console.log(`e2e: tools ready (${elapsed(started)})`);
  const packaged = packageExtension({ out: path.join(repoRoot, ".cache", "e2e", "pns-workbench-e2e.vsix") });
  console.log(`e2e: packaged ${path.relative(repoRoot, packaged.file)} (${elapsed(started)})`);

  // Scenarios edit files (quick fixes, triage): they get a copy, never the repository's examples/.
  const workspaceRoot = mkdtempSync(path.join(os.tmpdir(), "pnsws-"));
  const workspace = path.join(workspaceRoot, "examples");
  cpSync(path.join(repoRoot, "examples"), workspace, {
    recursive: true,
    // Leftovers of local runs are not part of the demo workspace.
    filter: (source) => !/\/examples\/(\.test-artifacts|runs)(\/|$)/.test(source),
  });
  // A scenario whose preparation fails is reported failed; the others still run.
  const runnable = scenarios.filter((scenario) => {
    try {
      scenario.prepare?.(workspace);
      return true;
    } catch (error) {
      counts.failed += 1;
      console.log(
        `  ✗ ${scenario.name}: ${scenario.title}\n      preparation failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  });
  let session;
  /** @type {Map<string, string>} */
  const published = new Map();
  try {
    const settings = Object.assign({}, ...runnable.map((scenario) => scenario.settings?.() ?? {}));
    session = await openSession({
      tools,
      name: "session",
      workspace,
      settings,
      extension: { vsix: packaged.file },
    });
    console.log(`e2e: workbench restored at ${session.url} (${elapsed(started)})`);
    for (const scenario of runnable) {
      const shots = new Shots(scenario.name);
      const since = Date.now();
      const lines = [];
      const log = (message) => lines.push(message);
      try {
        await scenario.run({
          page: session.page,
          shots,
          workspace,
          packaged,
          installed: session.installed,
          log,
        });
        counts.passed += 1;
        for (const [name, file] of shots.published) published.set(name, file);
        console.log(`  ✓ ${scenario.name}: ${scenario.title} (${elapsed(since)})`);
        for (const line of lines) console.log(`      ${line}`);
      } catch (error) {
        counts.failed += 1;
        await shots.take(session.page, "failure");
        console.log(`  ✗ ${scenario.name}: ${scenario.title} (${elapsed(since)})`);
        for (const line of lines) console.log(`      ${line}`);
        console.log(`      ${error instanceof Error ? error.message : String(error)}`);
        console.log(`      screenshots: ${path.relative(repoRoot, shots.dir)}`);
      }
      // The next scenario starts from an empty editor area, whatever this one left open.
      await closeAllEditors(session.page).catch((error) =>
        console.log(`  (could not close editors: ${String(error)})`),
      );
    }
  } finally {
    await session?.close();
    rmSync(workspaceRoot, { recursive: true, force: true });
  }
  const publishTo = args.get("publish-screenshots");
  if (publishTo) {
    // Only from a fully green run: the README must not show a broken state.
    if (counts.failed > 0) console.log("e2e: screenshots not published: a scenario failed");
    else {
      const dir = path.resolve(repoRoot, typeof publishTo === "string" ? publishTo : "docs/images");
      mkdirSync(dir, { recursive: true });
      for (const [name, file] of published) copyFileSync(file, path.join(dir, name));
      console.log(`e2e: published ${[...published.keys()].join(", ")} to ${path.relative(repoRoot, dir)}`);
    }
  }
  console.log(
    `e2e: ${counts.passed} passed, ${counts.failed} failed in ${elapsed(started)}; artefacts in ${path.relative(repoRoot, artifactsRoot)}`,
  );
}

try {
  await main();
} catch (error) {
  // Setup failed (tools, packaging, code-server): one failure, with the reason.
  counts.failed += 1;
  console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
}
writeCounts(args, counts);
process.exitCode = counts.failed > 0 ? 1 : 0;
