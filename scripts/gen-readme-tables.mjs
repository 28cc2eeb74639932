// `npm run docs:readme`: regenerates the README's settings and commands tables from package.json
// (`contributes.configuration`, `contributes.commands`) and its CLI reference from the built CLI
// (`node bin/pns.js --help` and `node bin/pns.js <command> --help`), between the
// `<!-- BEGIN GENERATED: … -->` markers, then formats the README with the project's Prettier config
// (so `npm run format:check` and the drift test agree with what this writes).
//
//   npm run docs:readme                              build, then rewrite README.md if it changed
//   node scripts/gen-readme-tables.mjs --check       write nothing; exit 1 if README.md is stale
//
// test/contract/readme.test.ts makes the same check in-process, without a build.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { fillSections, renderCli, renderCommands, renderSettings, sectionText } from "./readme-tables.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const readmePath = path.join(root, "README.md");
const check = process.argv.includes("--check");

function fail(message) {
  console.error(`gen-readme-tables: ${message}`);
  process.exit(2);
}

/** Runs the built CLI; its stdout, or a clear failure naming the command. */
function pns(args) {
  const result = spawnSync(process.execPath, [path.join(root, "bin", "pns.js"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    fail(`\`pns ${args.join(" ")}\` exited with ${result.status ?? result.signal}:\n${result.stderr}`);
  }
  return result.stdout;
}

/** Command names and summaries from the "Commands:" block of `pns --help`, in its order. */
function listCommands(usage) {
  const lines = usage.split("\n");
  const first = lines.indexOf("Commands:");
  if (first < 0) fail("`pns --help` has no 'Commands:' block");
  const commands = [];
  for (const line of lines.slice(first + 1)) {
    const match = /^ {2}(\S+) {2,}(.+)$/.exec(line);
    if (!match) break;
    commands.push({ name: match[1], summary: match[2].trim() });
  }
  if (commands.length === 0) fail("`pns --help` lists no commands");
  return commands;
}

if (!existsSync(path.join(root, "dist", "cli", "main.js"))) {
  fail("dist/cli/main.js is missing: run `node scripts/build.mjs` first (npm run docs:readme does)");
}
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const commands = listCommands(pns(["--help"])).map((command) => ({
  ...command,
  help: pns([command.name, "--help"]),
}));

const current = readFileSync(readmePath, "utf8");
let next;
try {
  next = fillSections(current, {
    settings: renderSettings(manifest),
    commands: renderCommands(manifest),
    cli: renderCli(commands),
  });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const options = (await prettier.resolveConfig(readmePath)) ?? {};
next = await prettier.format(next, { ...options, filepath: readmePath });

if (next === current) {
  console.log("README.md: generated sections are up to date");
} else if (check) {
  const stale = ["settings", "commands", "cli"].filter(
    (name) => sectionText(next, name) !== sectionText(current, name),
  );
  console.error(
    `README.md is out of date (${stale.join(", ") || "formatting"}): run \`npm run docs:readme\``,
  );
  process.exit(1);
} else {
  // Temp file, then rename: an interrupted run never leaves a half-written README.
  const temp = `${readmePath}.${process.pid}.tmp`;
  writeFileSync(temp, next);
  renameSync(temp, readmePath);
  console.log("README.md: generated sections rewritten");
}
