/**
 * The `$pns-job` problem matcher as contributed in package.json, against real output: config
 * errors printed by `pns run` itself (executeRun in-process, stand-in Python) and tracebacks
 * printed by a real Python interpreter, turned into problem lines by the pseudoterminal's collector.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { problemLine, TracebackCollector, type TracebackProblem } from "../../client/src/tasks/traceback";
import { executeRun } from "../../server/src/jobs/executeRun";
import { captureIo, GRPO_FIELDS, job, probeJson, request, STANDIN_PYTHON, tempDir } from "../jobs/helpers";

const ROOT = path.resolve(__dirname, "..", "..");
interface MatcherDecl {
  name: string;
  owner: string;
  fileLocation: string[];
  pattern: { regexp: string; file: number; line: number; column: number; severity: number; message: number };
}
const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  contributes: { problemMatchers: MatcherDecl[] };
};
const matcher = manifest.contributes.problemMatchers.find((m) => m.name === "pns-job")!;
const regexp = new RegExp(matcher.pattern.regexp);

/** What VS Code reads from one line with this matcher. */
function match(line: string) {
  const m = regexp.exec(line);
  if (!m) return undefined;
  const p = matcher.pattern;
  return {
    file: m[p.file],
    line: Number(m[p.line]),
    column: Number(m[p.column]),
    severity: m[p.severity],
    message: m[p.message],
  };
}

function collect(text: string): TracebackProblem[] {
  const collector = new TracebackCollector();
  return text.split("\n").flatMap((line) => collector.push(line) ?? []);
}

describe("the contributed $pns-job matcher", () => {
  it("resolves absolute paths as they are and relative ones against the workspace folder", () => {
    expect(matcher.fileLocation).toEqual(["autoDetect", "${workspaceFolder}"]);
  });

  it("reads config errors that pns run prints, at the key's position", async () => {
    const dir = tempDir("pns-tasks-");
    writeFileSync(path.join(dir, "data.pns"), "@pns 1\n");
    mkdirSync(path.join(dir, "model"));
    const config = path.join(dir, "rl.yaml");
    writeFileSync(
      config,
      "model_name_or_path: ./model\ndataset: data.pns\nper_device_train_batch_size: 0\nnum_generatons: 4\n",
    );
    const c = captureIo(dir, { STANDIN_PROBE_JSON: probeJson(dir, GRPO_FIELDS) });
    const code = await executeRun(
      request({ job: job("reverse-rl"), configPath: config, python: STANDIN_PYTHON }),
      {
        io: c.io,
        jobsDir: path.join(ROOT, "jobs"),
        pnsCommand: ["node", "pns.js"],
      },
    );
    expect(code).toBe(2);
    const problems = c
      .err()
      .split("\n")
      .flatMap((line) => match(line) ?? []);
    expect(problems).toContainEqual({
      file: config,
      line: 3,
      column: 30,
      severity: "error",
      message: "'per_device_train_batch_size' must be a positive integer, got 0",
    });
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: config,
        line: 4,
        column: 1,
        message: expect.stringContaining("did you mean 'num_generations'?"),
      }),
    );
    // The closing "nothing was started" line names no position and is not a problem.
    expect(c.err()).toContain("has errors; nothing was started");
    expect(problems.every((p) => p.file === config)).toBe(true);
  });

  it("reads YAML syntax errors with their position", async () => {
    const dir = tempDir("pns-tasks-");
    const config = path.join(dir, "dpo.yaml");
    writeFileSync(config, "model_name_or_path: x\nbeta: [0.1\n");
    const c = captureIo(dir);
    await executeRun(request({ job: job("dpo"), configPath: config, python: STANDIN_PYTHON, probe: false }), {
      io: c.io,
      jobsDir: path.join(ROOT, "jobs"),
      pnsCommand: ["node", "pns.js"],
    });
    const problems = c
      .err()
      .split("\n")
      .flatMap((line) => match(line) ?? []);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: config, severity: "error" });
  });

  it("does not fire on ordinary job output", () => {
    for (const line of [
      "[pns] step 3/8 loss=0.6931 reward=0.25",
      "PNS_RUN_DIR=/w/runs/20260101T000000Z-dpo",
      "[pns] dpo failed: ValueError: boom (1.2s, run dir /w/runs/x-dpo)",
      "{'loss': 0.69, 'grad_norm': 1.2, 'learning_rate': 0.0001, 'epoch': 0.5}",
      " 50%|█████     | 2/4 [00:01<00:02,  1.20it/s]",
      '  File "/w/jobs/pns_jobs/dpo.py", line 12, in main',
    ])
      expect(match(line), line).toBeUndefined();
  });
});

describe("Python tracebacks", () => {
  const python = (() => {
    for (const candidate of [path.join(ROOT, "jobs", ".venv", "bin", "python"), "python3"]) {
      try {
        execFileSync(candidate, ["-c", "pass"]);
        return candidate;
      } catch {
        // try the next
      }
    }
    return undefined;
  })();

  /** Runs a script in a temp dir and returns its stderr (the traceback). */
  function traceback(files: Record<string, string>, main: string): { dir: string; stderr: string } {
    const dir = tempDir("pns-tb-");
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    try {
      execFileSync(python!, [path.join(dir, main)], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      return { dir, stderr: String((error as { stderr: Buffer }).stderr) };
    }
    throw new Error("the script did not fail");
  }

  it.runIf(python)("blames the innermost frame in our code, not the standard library", () => {
    const { dir, stderr } = traceback(
      {
        "load.py": "import json\n\ndef load(text):\n    return json.loads(text)\n",
        "main.py": "from load import load\n\nload('{')\n",
      },
      "main.py",
    );
    expect(stderr).toContain("json/decoder.py"); // the deepest frame really is in the standard library
    const problems = collect(stderr);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path.join(dir, "load.py"), line: 4 });
    expect(problems[0].message).toMatch(/^json\.decoder\.JSONDecodeError: Expecting property name/);
    expect(match(problemLine(problems[0]))).toEqual({
      file: path.join(dir, "load.py"),
      line: 4,
      column: 1,
      severity: "error",
      message: problems[0].message,
    });
  });

  it.runIf(python)("reports each exception of a chained traceback", () => {
    const { dir, stderr } = traceback(
      {
        "main.py":
          "def f():\n    try:\n        {}['k']\n    except KeyError as e:\n        raise ValueError('no k') from e\n\nf()\n",
      },
      "main.py",
    );
    const problems = collect(stderr);
    expect(problems.map((p) => [path.basename(p.file), p.line, p.message])).toEqual([
      ["main.py", 3, "KeyError: 'k'"],
      ["main.py", 5, "ValueError: no k"],
    ]);
    expect(problems[0].file).toBe(path.join(dir, "main.py"));
  });

  it.runIf(python)("handles syntax errors (a frame without a function)", () => {
    const { dir, stderr } = traceback({ "bad.py": "x = 1\ny = (\n", "main.py": "import bad\n" }, "main.py");
    const problems = collect(stderr);
    expect(problems.at(-1)).toMatchObject({ file: path.join(dir, "bad.py"), line: 2 });
    expect(problems.at(-1)!.message).toMatch(/^SyntaxError: /);
  });

  it("reads tracebacks of distributed ranks, and falls back to a library frame when nothing else is there", () => {
    const text = [
      "[rank1]: Traceback (most recent call last):",
      '[rank1]:   File "/venv/lib/python3.11/site-packages/trl/trainer/grpo_trainer.py", line 900, in _prepare',
      "[rank1]:     raise ValueError(msg)",
      "[rank1]: ValueError: The global train batch size (1 x 4) must be evenly divisible by the number of generations (3)",
    ].join("\n");
    expect(collect(text)).toEqual([
      expect.objectContaining({
        file: "/venv/lib/python3.11/site-packages/trl/trainer/grpo_trainer.py",
        line: 900,
        message:
          "ValueError: The global train batch size (1 x 4) must be evenly divisible by the number of generations (3)",
      }),
    ]);
  });
});
