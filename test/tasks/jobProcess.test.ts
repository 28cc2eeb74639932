/** Real processes: cancellation reaches the whole group, escalating only when it must. */
import { describe, expect, it } from "vitest";
import { JobProcess } from "../../client/src/tasks/jobProcess";
import { cliLaunch } from "../../client/src/tasks/launch";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `node -e script` and resolves once it printed READY (with a deadline, no sleeps). */
async function start(script: string, graceMs = 20_000) {
  let out = "";
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve, reject) => {
    ready = resolve;
    setTimeout(() => reject(new Error(`no READY within 10 s; output: ${out}`)), 10_000).unref();
  });
  const job = new JobProcess({
    command: process.execPath,
    args: ["-e", script],
    cwd: process.cwd(),
    env: process.env,
    graceMs,
    onStdout: (text) => {
      out += text;
      if (out.includes("READY")) ready();
    },
    onStderr: (text) => (out += text),
  });
  await isReady;
  return { job, out: () => out };
}

const grandchildOf = (out: string) => Number(/CHILD=(\d+)/.exec(out)?.[1]);

describe("JobProcess", () => {
  it.skipIf(process.platform === "win32")(
    "sends SIGINT to pns run alone, which stops what it started in order",
    async () => {
      const { job, out } = await start(`
      const child = require("child_process").spawn("sleep", ["300"], { stdio: "ignore" });
      child.on("exit", (code, signal) => { console.log("child ended by " + signal); process.exit(1); });
      // Like pns run: the job first, the reward server (this child) after; SIGINT reaches only us.
      process.on("SIGINT", () => { console.log("cancelling on SIGINT"); setTimeout(() => child.kill("SIGTERM"), 50); });
      console.log("CHILD=" + child.pid + " READY");
      setInterval(() => {}, 1000);
    `);
      job.cancel();
      expect(await job.exited).toEqual({ code: 1, signal: null });
      // SIGINT did not reach the child: it ended by the SIGTERM its parent sent during its own cleanup.
      expect(out()).toMatch(/cancelling on SIGINT[\s\S]*child ended by SIGTERM/);
    },
  );

  it.skipIf(process.platform === "win32")("escalates to SIGTERM when SIGINT is ignored", async () => {
    const { job } = await start(
      `process.on("SIGINT", () => {}); console.log("READY"); setInterval(() => {}, 1000);`,
      300,
    );
    job.cancel();
    job.cancel(); // a second cancel (Ctrl-C, then closing the terminal) changes nothing
    expect(await job.exited).toEqual({ code: 130, signal: "SIGTERM" });
  });

  it.skipIf(process.platform === "win32")("as a last resort kills the whole group", async () => {
    const { job, out } = await start(
      `const child = require("child_process").spawn("sleep", ["300"], { stdio: "ignore" });
       process.on("SIGINT", () => {}); process.on("SIGTERM", () => {});
       console.log("CHILD=" + child.pid + " READY"); setInterval(() => {}, 1000);`,
      200,
    );
    const child = grandchildOf(out());
    job.cancel();
    expect(await job.exited).toEqual({ code: 130, signal: "SIGKILL" });
    // The group's other members (the reward server) go too; wait for the reaping, with a deadline.
    const deadline = Date.now() + 5_000;
    while (alive(child) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    expect(alive(child)).toBe(false);
  });

  it("reports the exit code of a process that ends by itself", async () => {
    const { job } = await start(`console.log("READY"); process.exitCode = 2;`);
    expect(await job.exited).toEqual({ code: 2, signal: null });
  });

  it("reports a command that cannot start", async () => {
    const job = new JobProcess({
      command: "/nonexistent/node",
      args: [],
      cwd: process.cwd(),
      env: process.env,
      onStdout: () => undefined,
      onStderr: () => undefined,
    });
    expect(await job.exited).toMatchObject({ code: 127, error: expect.stringContaining("ENOENT") });
  });
});

describe("the CLI launch", () => {
  it("runs the bundled CLI with the editor's Node, as Node under Electron, unbuffered", () => {
    const electron = cliLaunch("/ext", { PATH: "/bin" }, "/opt/code/code", true);
    expect(electron).toEqual({
      command: "/opt/code/code",
      prefix: ["/ext/dist/cli/main.js"],
      env: { PATH: "/bin", ELECTRON_RUN_AS_NODE: "1", PYTHONUNBUFFERED: "1" },
    });
    const node = cliLaunch("/ext", { PATH: "/bin" }, "/usr/bin/node", false);
    expect(node.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
  });
});
