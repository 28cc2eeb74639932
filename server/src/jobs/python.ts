import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";

/** Where the interpreter came from, so messages can say which setting to change. */
export interface Interpreter {
  command: string;
  source: "--python" | "PNS_PYTHON" | "jobs/.venv" | "PATH";
}

/** What `python -m pns_jobs.probe` reports (see jobs/pns_jobs/probe.py). */
export interface ProbeResult {
  python: string;
  executable: string;
  versions: Record<string, string | null>;
  missing: string[];
  /** CUDA as torch sees it; `memory_gib` per device (probes before it was added lack it). */
  cuda: { available: boolean; devices: number; memory_gib?: number[]; names?: string[] } | null;
  fields?: Record<string, unknown>;
}

/** The repository's `jobs/` folder (holding `pns_jobs/`), searched upward from this module. */
export function findJobsDir(start: string = __dirname): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, "jobs", "pns_jobs", "__init__.py"))) return path.join(dir, "jobs");
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** `--python`, then `$PNS_PYTHON`, then `jobs/.venv/bin/python`, then `python3` on PATH. */
export function findInterpreter(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
  jobsDir: string | undefined,
): Interpreter | undefined {
  if (explicit) return { command: explicit, source: "--python" };
  if (env.PNS_PYTHON) return { command: env.PNS_PYTHON, source: "PNS_PYTHON" };
  const venv = jobsDir ? path.join(jobsDir, ".venv", "bin", "python") : undefined;
  if (venv && existsSync(venv)) return { command: venv, source: "jobs/.venv" };
  const system = onPath("python3", env);
  return system ? { command: system, source: "PATH" } : undefined;
}

/** The environment a job's Python runs with: our package importable without installing it. */
export function pythonEnv(env: NodeJS.ProcessEnv, jobsDir: string | undefined): NodeJS.ProcessEnv {
  if (!jobsDir) return { ...env };
  const current = env.PYTHONPATH ? `${path.delimiter}${env.PYTHONPATH}` : "";
  return { ...env, PYTHONPATH: `${jobsDir}${current}` };
}

export class ProbeError extends Error {}

/** Runs the probe once (one subprocess) and parses its JSON line; errors say what to fix. */
export function probeInterpreter(
  interpreter: Interpreter,
  job: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(interpreter.command, ["-m", "pns_jobs.probe", "--job", job], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new ProbeError(
          `the Python probe (${interpreter.command}) did not answer within ${timeoutMs / 1000}s`,
        ),
      );
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(
        new ProbeError(
          `cannot run Python '${interpreter.command}' (from ${interpreter.source}): ${error.message}. ` +
            "Create the jobs environment with `bash jobs/setup-venv.sh`, or pass --python / set PNS_PYTHON.",
        ),
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = out.trim().split("\n").pop() ?? "";
      try {
        if (code !== 0) throw new Error(err.trim().split("\n").pop() ?? `exit code ${code}`);
        resolve(JSON.parse(line) as ProbeResult);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const hint = /No module named .?pns_jobs/.test(err)
          ? " The pns_jobs package is not importable: run `bash jobs/setup-venv.sh`."
          : "";
        reject(
          new ProbeError(
            `the Python probe failed with '${interpreter.command}' (from ${interpreter.source}): ${reason}.${hint}`,
          ),
        );
      }
    });
  });
}

/** "torch, trl are missing from /usr/bin/python3 (from PATH): run `bash jobs/setup-venv.sh` ..." */
export function describeMissing(probe: ProbeResult, interpreter: Interpreter): string | undefined {
  if (probe.missing.length === 0) return undefined;
  const names = probe.missing.map((name) => (name === "yaml" ? "pyyaml" : name));
  return (
    `${names.join(", ")} ${names.length === 1 ? "is" : "are"} missing from ${probe.executable} (Python ${probe.python}, from ${interpreter.source}). ` +
    `Fix: \`bash jobs/setup-venv.sh\` (creates jobs/.venv with pinned versions), or \`${probe.executable} -m pip install ${names.join(" ")}\`, ` +
    "or point --python / PNS_PYTHON at an environment that has them."
  );
}
