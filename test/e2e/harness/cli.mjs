// Argument and result plumbing shared by the two runners: `--counts-file=<json>` receives
// {"passed":N,"failed":N,"skipped":N} (read by scripts/test-all.mjs), written even on a crash.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** `--name=value` and `--flag` arguments as a Map. */
export function parseArgs(argv = process.argv.slice(2)) {
  const args = new Map();
  for (const arg of argv) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unexpected argument ${arg} (expected --name or --name=value)`);
    args.set(match[1], match[2] ?? true);
  }
  return args;
}

/** Writes the counts file when one was asked for. */
export function writeCounts(args, counts) {
  const file = args.get("counts-file");
  if (typeof file !== "string") return;
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify({ passed: counts.passed, failed: counts.failed, skipped: counts.skipped ?? 0 })}\n`,
  );
}

/** Mocha's epilogue, as the spec reporter prints it ("  12 passing (3s)"); colours removed. */
export function mochaCounts(lines) {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
  const text = lines.join("\n").replace(/\x1b\[[0-9;]*m/g, "");
  const count = (word) => {
    const match = new RegExp(`^\\s*(\\d+) ${word}\\b`, "m").exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const passed = count("passing");
  if (passed === undefined) return undefined;
  return { passed, failed: count("failing") ?? 0, skipped: count("pending") ?? 0 };
}
