import { existsSync, readFileSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../server/src/jobs/executeRun";
import { captureIo, job, request, STANDIN_PYTHON, tempDir } from "./helpers";

const REPO = path.resolve(__dirname, "../..");

// Real processes: the stand-in interpreter plays the job (see fixtures/bin/python-standin).
function setup(mode: string) {
  const dir = tempDir();
  writeFileSync(path.join(dir, "data.pns"), "@pns 1\n");
  mkdirSync(path.join(dir, "model"));
  writeFileSync(
    path.join(dir, "rl.yaml"),
    "model_name_or_path: ./model\ndataset: data.pns\nper_device_train_batch_size: 4\nnum_generations: 4\n",
  );
  const c = captureIo(dir, { STANDIN_MODE: mode });
  const runDir = () => /^PNS_RUN_DIR=(.*)$/m.exec(c.out())?.[1] ?? "";
  const status = () =>
    JSON.parse(readFileSync(path.join(runDir(), "status.json"), "utf8")) as Record<string, string>;
  return { dir, c, runDir, status };
}

const ctx = (io: ReturnType<typeof captureIo>["io"], extra: object = {}) => ({
  io,
  jobsDir: path.join(REPO, "jobs"),
  pnsCommand: ["/usr/bin/node", "/opt/pns/bin/pns.js"],
  ...extra,
});

const dpo = (extra: object = {}) =>
  request({ job: job("dpo"), configPath: "rl.yaml", python: STANDIN_PYTHON, probe: false, ...extra });

/** Whether a process still runs: a zombie (killed, not yet reaped by init) has stopped. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!existsSync("/proc/self/stat")) return true; // no /proc: a signal reaching it is all we know
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false; // gone between the two checks
  }
}

/** Waits until `pid` has stopped; false when it still runs after `ms`. */
async function stops(pid: number, ms = 5000): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !alive(pid);
}

describe("pns run, local launcher", () => {
  it("runs the job with our environment, captures its log and reports success", async () => {
    const t = setup("succeed");
    expect(await executeRun(dpo(), ctx(t.c.io))).toBe(0);
    expect(t.status().state).toBe("succeeded");
    expect(t.c.out()).toMatch(/PYTHONPATH=.*\/jobs.* PNS_LOG_CAPTURED=1/);
    expect(t.c.out()).toContain("PNS_CLI=/usr/bin/node /opt/pns/bin/pns.js");
    expect(readFileSync(path.join(t.runDir(), "log.txt"), "utf8")).toContain("[pns] step 1/1 loss=0.5");
    expect(t.c.out().trim().split("\n").at(-1)).toMatch(
      /^\[pns\] dpo succeeded \(\d+\.\ds, run dir .*-dpo\)$/,
    );
  });

  it("keeps the job's own failure reason", async () => {
    const t = setup("fail");
    expect(await executeRun(dpo(), ctx(t.c.io))).toBe(1);
    expect(t.status()).toMatchObject({ state: "failed", reason: "ValueError: boom" });
    expect(t.c.out()).toContain("[pns] dpo failed: ValueError: boom");
  });

  it("marks a job killed by SIGKILL as failed, with the cause", async () => {
    const t = setup("sigkill");
    expect(await executeRun(dpo(), ctx(t.c.io))).toBe(1);
    expect(t.status().state).toBe("failed");
    expect(t.status().reason).toContain("killed by SIGKILL (out of memory?)");
  });

  it("marks a crash that recorded nothing as failed with its last output", async () => {
    const t = setup("exit-silently");
    expect(await executeRun(dpo(), ctx(t.c.io))).toBe(1);
    expect(t.status().reason).toBe(
      "the job exited with code 139 before recording its end; last output: segfault-like crash",
    );
  });

  it("on Ctrl-C stops the whole process group and leaves the run cancelled", async () => {
    const t = setup("hang");
    const controller = new AbortController();
    const running = executeRun(dpo(), ctx(t.c.io, { signal: controller.signal }));
    await t.c.waitFor(/^READY$/m);
    const child = Number(readFileSync(path.join(t.runDir(), "child.pid"), "utf8"));
    expect(alive(child)).toBe(true);
    controller.abort();
    expect(await running).toBe(1);
    expect(t.status()).toMatchObject({ state: "cancelled", reason: "cancelled by SIGTERM" });
    // The rank-like grandchild went with the group (it may take a moment to be reaped).
    expect(await stops(child)).toBe(true);
    expect(t.c.out()).toMatch(/\[pns\] dpo cancelled: cancelled by SIGTERM/);
  });

  it("starts the reward server for jobs that need it and stops it after", async () => {
    const t = setup("succeed");
    const server = ["python3", path.join(REPO, "jobs", "tests", "reward_stub.py")];
    const code = await executeRun(
      request({ job: job("reverse-rl"), configPath: "rl.yaml", python: STANDIN_PYTHON, probe: false }),
      ctx(t.c.io, { rewardServerCommand: server }),
    );
    expect(code).toBe(0);
    const url = /^\[pns\] reward server at (http:\/\/127\.0\.0\.1:\d+)$/m.exec(t.c.out())?.[1];
    expect(url).toBeDefined();
    expect(t.c.out()).toContain(`job env: PNS_REWARD_URL=${url}`);
    await expect(fetch(`${url}/health`)).rejects.toThrow(); // stopped
  });

  it("fails the run, naming the cause, when the reward server cannot start", async () => {
    const t = setup("succeed");
    const code = await executeRun(
      request({ job: job("reverse-rl"), configPath: "rl.yaml", python: STANDIN_PYTHON, probe: false }),
      ctx(t.c.io, { rewardServerCommand: ["sh", "-c", "echo 'port in use' >&2; exit 3"] }),
    );
    expect(code).toBe(1);
    expect(t.status().reason).toBe("the reward server exited (code 3) before it was ready: port in use");
  });

  it("resumes the newest run of the job in place", async () => {
    const t = setup("succeed");
    expect(await executeRun(dpo(), ctx(t.c.io))).toBe(0);
    const first = t.runDir();
    const again = captureIo(t.dir, { STANDIN_MODE: "succeed" });
    expect(await executeRun(dpo({ resume: true }), ctx(again.io))).toBe(0);
    expect(again.out()).toContain(`PNS_RUN_DIR=${first}`);
    expect(again.out()).toContain("--resume true");
  });
});
