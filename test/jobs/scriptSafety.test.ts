import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { accelerateCommand, type LaunchPlan } from "../../server/src/jobs/launchCommand";
import { renderSlurm, type SlurmContext } from "../../server/src/jobs/slurm/render";
import { ScriptValueError } from "../../server/src/jobs/slurm/scriptValues";
import { seededRandom } from "../../bench/seededRandom.mjs";
import { job, tempDir } from "./helpers";

/**
 * Property: for random values full of shell syntax (`$`, backticks, quotes, `;`, globs, spaces,
 * Unicode) the rendered sbatch and node scripts, run with stand-in `srun`/`scontrol` and a
 * stand-in interpreter and pns CLI, create no file and hand every value over exactly; a value with
 * a control character is refused, naming it, before anything is rendered.
 */

const HOSTILE = [
  "$",
  "`",
  "'",
  '"',
  "\\",
  ";",
  "|",
  "&",
  "<",
  ">",
  "(",
  ")",
  "{",
  "}",
  "*",
  "?",
  "[",
  "]",
  "#",
  "~",
  "!",
  " ",
  "=",
  "%",
  "-",
  "é",
  "😀",
  "\u2028",
];
const PIECES = [
  "$HOME",
  "$(touch pwned)",
  "`touch pwned`",
  "'; touch pwned; '",
  '"; touch pwned; "',
  "${IFS}",
  "$SLURM_PROCID",
  "--",
  "-rf",
  "%j",
];
const CONTROLS = ["\n", "\r", "\t", "\u0000", "\u001b", "\u007f", "\u0085"];

function word(next: () => number, options: { name?: boolean } = {}): string {
  let text = "";
  const length = 1 + Math.floor(next() * 8);
  for (let i = 0; i < length; i++) {
    const roll = next();
    if (roll < 0.4) text += HOSTILE[Math.floor(next() * HOSTILE.length)];
    else if (roll < 0.55) text += PIECES[Math.floor(next() * PIECES.length)];
    else text += String.fromCharCode(97 + Math.floor(next() * 26));
  }
  if (options.name) {
    // A file name: no slash, not "." or "..".
    text = text.replace(/\//g, "_");
    if (text === "." || text === "..") text += "x";
  }
  return text;
}

const STANDIN_SCRIPTS = {
  srun: `#!/bin/bash
# Stand-in srun: skips its options, runs the task as the first (only) node.
while [ "\${1#-}" != "$1" ]; do shift; done
SLURM_PROCID=0 exec "$@"
`,
  scontrol: `#!/bin/bash
case "$1 $2" in
  "show hostnames") echo node-a ;;
  "show node") echo "NodeName=node-a NodeAddr=127.0.0.1 NodeHostName=node-a" ;;
  *) exit 1 ;;
esac
`,
};

/** The stand-in interpreter: answers the free-port question, records everything else it is given. */
const PYTHON = `#!/bin/bash
if [ "$1" = "-c" ]; then echo 45678; exit 0; fi
printf '%s\\0' "$@" >"$PNS_TEST_RECORD/python.argv"
printf '%s' "$PWD" >"$PNS_TEST_RECORD/python.cwd"
printf '%s' "$PYTHONPATH" >"$PNS_TEST_RECORD/python.pythonpath"
printf '%s' "$PNS_CLI" >"$PNS_TEST_RECORD/python.pns_cli"
`;
/** The stand-in pns CLI (the reward server): prints what the node script waits for, then idles. */
const PNS = `#!/bin/bash
printf '%s\\0' "$@" >"$PNS_TEST_RECORD/pns.argv"
echo PNS_REWARD_URL=http://127.0.0.1:1
echo PNS_REWARD_TOKEN=token
exec sleep 30
`;

function executable(file: string, text: string): void {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" }).sort();
}

/** How sbatch reads a #SBATCH line (checked against Slurm 22.05): blanks split, one pair of quotes goes. */
function sbatchWords(line: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: string | undefined;
  let started = false;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      started = true;
    } else if (char === " ") {
      if (started || current) words.push(current);
      current = "";
      started = false;
    } else current += char;
  }
  if (started || current) words.push(current);
  return words;
}

interface Case {
  context: SlurmContext;
  /** Which value holds a control character, if one does. */
  poisoned?: string;
}

function makeCase(seed: number, root: string): Case {
  const next = seededRandom(seed); // a failure can be replayed from its case number
  const plan: LaunchPlan = {
    job: job(next() < 0.5 ? "reverse-rl" : "dpo"),
    python: path.join(root, `py-${word(next, { name: true })}`),
    configPath: `${word(next)}/${word(next)}.yaml`,
    runDir: path.join(root, `run-${word(next, { name: true })}`),
    resume: next() < 0.3,
    gpus: Math.floor(next() * 3),
    nodes: 1,
    accelerateConfig: next() < 0.5 ? word(next) : undefined,
    accelerateArgs: next() < 0.5 ? [`--${word(next)}`, word(next)] : [],
  };
  const context: SlurmContext = {
    plan,
    cwd: path.join(root, `cwd-${word(next, { name: true })}`),
    jobsDir: `/opt/${word(next)}`,
    pnsCommand: [path.join(root, `pns-${word(next, { name: true })}`), word(next)],
    rewardServerArgs: next() < 0.5 ? ["--config", `${word(next)}/pns.config.json`] : ["--no-config"],
    settings: {
      partition: next() < 0.5 ? word(next) : undefined,
      account: next() < 0.3 ? word(next) : undefined,
      time: next() < 0.3 ? word(next) : undefined,
      extra: next() < 0.5 ? [`--comment=${word(next)}`] : [],
      port: next() < 0.5 ? 1000 + Math.floor(next() * 60000) : undefined,
    },
  };
  if (next() < 0.3) {
    // One value gets a control character somewhere.
    const control = CONTROLS[Math.floor(next() * CONTROLS.length)];
    const targets: [string, () => void][] = [
      ["the working directory", () => (context.cwd += control)],
      ["the config path (--config)", () => (plan.configPath = control + plan.configPath)],
      ["the run directory (--runs-root)", () => (plan.runDir += control)],
      ["the pns command", () => (context.pnsCommand[1] += control)],
      ["--partition", () => (context.settings.partition = `gpu${control}touch pwned`)],
      ["--sbatch", () => (context.settings.extra = [`--qos=high${control}#SBATCH --x`])],
    ];
    const [name, poison] = targets[Math.floor(next() * targets.length)];
    poison();
    return { context, poisoned: name };
  }
  return { context };
}

describe("rendered Slurm scripts are safe for any value", () => {
  it("refuse control characters and hand every other value over exactly (60 random cases)", () => {
    let ran = 0;
    let refused = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const root = tempDir("pns-safe-");
      const record = tempDir("pns-safe-record-");
      const bin = tempDir("pns-safe-bin-");
      const { context, poisoned } = makeCase(seed, root);
      const { plan, settings } = context;
      const label = `case ${seed}`;
      if (poisoned) {
        expect(() => renderSlurm(context), label).toThrow(ScriptValueError);
        expect(() => renderSlurm(context), label).toThrow(
          new RegExp(`^${poisoned.replace(/[()-]/g, "\\$&")}.*control character`),
        );
        refused++;
        continue;
      }
      const sbatchValues = [
        settings.partition,
        settings.account,
        settings.time,
        ...settings.extra.map((o) => o.slice(o.indexOf("=") + 1)),
      ];
      const unwritable = sbatchValues.some(
        (v) => v !== undefined && (v.includes("\\") || (v.includes("'") && v.includes('"'))),
      );
      if (unwritable) {
        expect(() => renderSlurm(context), label).toThrow(/cannot be written into a #SBATCH line/);
        refused++;
        continue;
      }
      const rendered = renderSlurm(context);
      // #SBATCH lines read back as sbatch reads them give the values exactly.
      const directives = rendered.sbatch
        .split("\n")
        .filter((line) => line.startsWith("#SBATCH "))
        .map((line) => sbatchWords(line.slice("#SBATCH ".length)));
      for (const words of directives) expect(words, label).toHaveLength(1);
      const flat = directives.map((words) => words[0]);
      if (settings.partition !== undefined)
        expect(flat, label).toContain(`--partition=${settings.partition}`);
      if (settings.account !== undefined) expect(flat, label).toContain(`--account=${settings.account}`);
      if (settings.time !== undefined) expect(flat, label).toContain(`--time=${settings.time}`);
      for (const option of settings.extra) expect(flat, label).toContain(option);

      mkdirSync(context.cwd);
      mkdirSync(plan.runDir);
      writeFileSync(path.join(plan.runDir, "sbatch.sh"), rendered.sbatch);
      writeFileSync(path.join(plan.runDir, "node.sh"), rendered.node);
      executable(plan.python, PYTHON);
      executable(context.pnsCommand[0], PNS);
      for (const [name, text] of Object.entries(STANDIN_SCRIPTS)) executable(path.join(bin, name), text);
      const before = files(root);
      execFileSync("bash", ["sbatch.sh"], {
        cwd: plan.runDir,
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          PNS_TEST_RECORD: record,
          SLURM_JOB_NODELIST: "node-a",
          SLURM_JOB_ID: "7",
          HOME: "/nonexistent",
        },
        stdio: "pipe",
      });
      expect(files(root), `${label}: the scripts created or removed files`).toEqual(before);
      const argv = readFileSync(path.join(record, "python.argv"), "utf8").split("\0").slice(0, -1);
      const port = String(settings.port ?? 45678);
      const expected = accelerateCommand(plan, {
        machineRank: "0",
        mainProcessIp: "127.0.0.1",
        mainProcessPort: port,
        rdzvConf: "is_host=true",
      }).slice(1);
      expect(argv, label).toEqual(expected);
      expect(readFileSync(path.join(record, "python.cwd"), "utf8"), label).toBe(context.cwd);
      expect(readFileSync(path.join(record, "python.pythonpath"), "utf8"), label).toBe(context.jobsDir);
      // PNS_CLI is a shell-quoted command line: bash reads it back into the same words.
      const pnsCli = readFileSync(path.join(record, "python.pns_cli"), "utf8");
      const words = execFileSync(
        "bash",
        ["-c", 'eval "words=($1)"; printf "%s\\0" "${words[@]}"', "_", pnsCli],
        { encoding: "utf8" },
      )
        .split("\0")
        .slice(0, -1);
      expect(words, label).toEqual(context.pnsCommand);
      if (plan.job.needsRewardServer) {
        const serverArgv = readFileSync(path.join(record, "pns.argv"), "utf8").split("\0").slice(0, -1);
        expect(serverArgv, label).toEqual([
          ...context.pnsCommand.slice(1),
          "serve-reward",
          "--port",
          "0",
          ...(context.rewardServerArgs ?? []),
        ]);
      }
      ran++;
    }
    // The generator must exercise all three outcomes, or the property says little.
    expect(ran).toBeGreaterThan(15);
    expect(refused).toBeGreaterThan(10);
  }, 60_000);

  it("names the option and the character in the message", () => {
    const root = tempDir("pns-safe-");
    const { context } = makeCase(1, root);
    context.settings.partition = "gpu\nrm -rf ~";
    expect(() => renderSlurm(context)).toThrow(
      '--partition contains a control character (U+000A) at position 4: it cannot be written into a job script safely; rename it or pass another value ("gpu\\nrm -rf ~")',
    );
  });
});
