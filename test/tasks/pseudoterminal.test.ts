/**
 * The job pseudoterminal in plain Node: `vscode` is replaced by the one class it uses
 * (EventEmitter), the job is a real Node process. Checks what the terminal shows, the problem line
 * a traceback adds, the exit code it closes with, and that closing the terminal cancels the job.
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("vscode", () => {
  class EventEmitter<T> {
    private listeners: ((value: T) => void)[] = [];
    readonly event = (listener: (value: T) => void) => {
      this.listeners.push(listener);
      return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
    };
    fire(value: T): void {
      for (const listener of [...this.listeners]) listener(value);
    }
    dispose(): void {
      this.listeners = [];
    }
  }
  return { EventEmitter };
});

const { JobPseudoterminal } = await import("../../client/src/tasks/pseudoterminal");
type Tracker = ConstructorParameters<typeof JobPseudoterminal>[1];

function fakeTracker() {
  const events: unknown[] = [];
  const finished: { code: number; cancelled: boolean }[] = [];
  const tracker = {
    start: () => ({
      event: (e: unknown) => events.push(e),
      finish: (code: number, cancelled: boolean) => finished.push({ code, cancelled }),
    }),
  } as unknown as Tracker;
  return { tracker, events, finished };
}

/** Opens a terminal over `node -e script`; resolves with everything written and the close code. */
function open(script: string, onWrite?: (text: string, pty: InstanceType<typeof JobPseudoterminal>) => void) {
  const { tracker, events, finished } = fakeTracker();
  const pty = new JobPseudoterminal(
    () =>
      Promise.resolve({
        job: "dpo" as const,
        label: "dpo: dpo.yaml",
        command: process.execPath,
        prefix: ["-e", script, "--"],
        args: ["run", "dpo", "--config", "/w/dpo.yaml"],
        cwd: process.cwd(),
        env: process.env,
      }),
    tracker,
  );
  let written = "";
  const closed = new Promise<number>((resolve) => {
    pty.onDidClose((code) => resolve(code ?? -1));
  });
  pty.onDidWrite((text) => {
    written += text;
    onWrite?.(written, pty);
  });
  pty.open();
  return { closed, written: () => written, events, finished };
}

describe("JobPseudoterminal", () => {
  it("streams output with CRLF, reads the job's events and closes with the exit code", async () => {
    const t = open(`
      console.log("PNS_RUN_DIR=/w/runs/x-dpo");
      console.log("[pns] step 1/2 loss=0.5");
      console.log("[pns] dpo failed: boom (0.1s, run dir /w/runs/x-dpo)");
      process.exitCode = 1;
    `);
    expect(await t.closed).toBe(1);
    expect(t.written()).toContain("> pns run dpo --config /w/dpo.yaml\r\n");
    expect(t.written()).toContain("PNS_RUN_DIR=/w/runs/x-dpo\r\n[pns] step 1/2 loss=0.5\r\n");
    expect(t.written()).not.toMatch(/[^\r]\n/);
    expect(t.events).toEqual([
      { kind: "runDir", path: "/w/runs/x-dpo" },
      { kind: "progress", step: 1, total: 2, summary: "loss=0.5" },
      { kind: "end", state: "failed", reason: "boom", seconds: 0.1, runDir: "/w/runs/x-dpo" },
    ]);
    expect(t.finished).toEqual([{ code: 1, cancelled: false }]);
  });

  it("adds one problem line after a traceback on stderr", async () => {
    const t = open(`
      process.stderr.write('Traceback (most recent call last):\\n  File "/w/jobs/pns_jobs/dpo.py", line 7, in main\\n    train()\\n');
      process.stderr.write('  File "/venv/lib/python3.11/site-packages/trl/dpo.py", line 90, in train\\n    raise ValueError("bad beta")\\nValueError: bad beta\\n');
      process.exitCode = 1;
    `);
    await t.closed;
    expect(t.written()).toContain(
      "ValueError: bad beta\r\n[pns] /w/jobs/pns_jobs/dpo.py:7:1: error: ValueError: bad beta\r\n",
    );
  });

  it("says nothing was started when pns run refuses the config (exit 2)", async () => {
    const t = open(`console.error("/w/dpo.yaml:2:7: error: bad"); process.exitCode = 2;`);
    expect(await t.closed).toBe(2);
    expect(t.written()).toContain("nothing was started");
  });

  it("cancels the job when the terminal is closed, with SIGINT first", async () => {
    let closing = false;
    const t = open(
      `process.on("SIGINT", () => { console.log("[pns] dpo cancelled: Ctrl-C (0.2s, run dir /w/r)"); process.exit(1); });
       console.log("READY"); setInterval(() => {}, 1000);`,
      (written, pty) => {
        if (!closing && written.includes("READY")) {
          closing = true;
          pty.close();
        }
      },
    );
    expect(await t.closed).toBe(1);
    expect(t.finished).toEqual([{ code: 1, cancelled: true }]);
    expect(t.events).toContainEqual(expect.objectContaining({ kind: "end", state: "cancelled" }));
  });
});
