// The bundles the bench scripts run, built with esbuild's JS API from a source tree (this one, or
// a worktree of an older commit for before/after comparisons): the answer grader alone, and the
// real `pns serve-reward` command as a standalone script.
import path from "node:path";

/** Bundles `<tree>/server/src/core/grader` to `<tree>/dist/bench/grader.cjs`; returns its path. */
export async function bundleGrader(tree) {
  const { build } = await import("esbuild");
  const outfile = path.join(tree, "dist", "bench", "grader.cjs");
  await build({
    entryPoints: [path.join(tree, "server", "src", "core", "grader", "index.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

/** Bundles TypeScript `contents` whose imports resolve from `<tree>` to `<tree>/dist/bench/<name>`. */
async function bundleSource(tree, contents, name) {
  const { build } = await import("esbuild");
  const outfile = path.join(tree, "dist", "bench", name);
  await build({
    stdin: { contents, resolveDir: tree, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // jsonc-parser's UMD build hides its requires from the bundler; take its ESM build.
    mainFields: ["module", "main"],
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

/** Bundles `pns serve-reward` of `<tree>` to `<tree>/dist/bench/serveReward.cjs`; returns its path. */
export function bundleServeReward(tree) {
  return bundleSource(
    tree,
    `
      import { serveRewardCommand } from "./server/src/cli/commands/serveReward";
      const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
      serveRewardCommand.run(process.argv.slice(2), io).then((code) => { process.exitCode = code; });
    `,
    "serveReward.cjs",
  );
}

/** Bundles the reward engine's local score and default settings of `<tree>` (rewardCore.cjs). */
export function bundleRewardCore(tree) {
  return bundleSource(
    tree,
    `
      export { localScore } from "./server/src/core/reward/index";
      export { defaultSettings } from "./server/src/core/config/index";
    `,
    "rewardCore.cjs",
  );
}
