import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { applyEvent, endFromExit, type JobSummary, statusText } from "../../client/src/tasks/jobSummary";
import { LineSplitter, toTerminalText, visibleText } from "../../client/src/tasks/lines";
import { type JobEvent, parseLine } from "../../client/src/tasks/outputParser";
import { executeRun } from "../../server/src/jobs/executeRun";
import { captureIo, job, request, STANDIN_PYTHON, tempDir } from "../jobs/helpers";

const ROOT = path.resolve(__dirname, "..", "..");

/** Runs the real `pns run` code with the stand-in interpreter playing the job; returns all output. */
async function realRun(mode: string): Promise<string> {
  const dir = tempDir("pns-tasks-");
  writeFileSync(path.join(dir, "data.pns"), "@pns 1\n");
  mkdirSync(path.join(dir, "model"));
  writeFileSync(path.join(dir, "dpo.yaml"), "model_name_or_path: ./model\ndataset: data.pns\n");
  const c = captureIo(dir, { STANDIN_MODE: mode });
  await executeRun(
    request({ job: job("dpo"), configPath: "dpo.yaml", python: STANDIN_PYTHON, probe: false }),
    {
      io: c.io,
      jobsDir: path.join(ROOT, "jobs"),
      pnsCommand: ["node", "pns.js"],
    },
  );
  return c.out() + c.err();
}

function events(text: string, jobName: Parameters<typeof parseLine>[1] = "dpo"): JobEvent[] {
  const splitter = new LineSplitter();
  return [...splitter.push(text), ...splitter.flush()].flatMap((line) => parseLine(line, jobName));
}

describe("reading pns run output", () => {
  it("finds the run directory, the progress and the end of a real successful run", async () => {
    const found = events(await realRun("succeed"));
    const runDir = found.find((e) => e.kind === "runDir");
    expect(runDir).toMatchObject({ kind: "runDir", path: expect.stringMatching(/runs\/\d{8}T\d{6}Z-dpo$/) });
    expect(found).toContainEqual({ kind: "progress", step: 1, total: 1, summary: "loss=0.5" });
    expect(found.at(-1)).toEqual({
      kind: "end",
      state: "succeeded",
      reason: undefined,
      seconds: expect.any(Number),
      runDir: (runDir as { path: string }).path,
    });
  });

  it("keeps the failure reason of a real failed run", async () => {
    const end = events(await realRun("fail")).at(-1);
    expect(end).toMatchObject({ kind: "end", state: "failed", reason: "ValueError: boom" });
  });

  it("reads a reason that holds parentheses, and ignores the Python side's own end line", () => {
    expect(
      parseLine(
        "[pns] dpo failed: the job exited with code 1 (see log) (3.5s, run dir /w/runs/a (1)-dpo)",
        "dpo",
      ),
    ).toEqual([
      {
        kind: "end",
        state: "failed",
        reason: "the job exited with code 1 (see log)",
        seconds: 3.5,
        runDir: "/w/runs/a (1)-dpo",
      },
    ]);
    expect(parseLine("[pns] dpo succeeded: /w/runs/x-dpo", "dpo")).toEqual([]);
    expect(parseLine("[pns] eval succeeded (1.0s, run dir /w/x)", "dpo")).toEqual([]);
  });

  it("reads Slurm states, the synthesized dataset and tqdm bars", () => {
    expect(
      events("[pns] submitted slurm job 4242 (2 node(s), 8 GPU(s) each)\n[pns] slurm job 4242: RUNNING\n"),
    ).toEqual([
      { kind: "slurm", id: "4242", state: "SUBMITTED" },
      { kind: "slurm", id: "4242", state: "RUNNING" },
    ]);
    expect(
      parseLine("[pns] kept 6 plausible wrong responses -> /w/runs/x/outputs/negatives.pns", "synthesize"),
    ).toEqual([{ kind: "output", path: "/w/runs/x/outputs/negatives.pns" }]);
    expect(
      parseLine(
        "sampling:  25%|██▌       | 1/4 [00:01<00:03]\rsampling:  50%|█████     | 2/4 [00:02<00:02]",
        "eval",
      ),
    ).toEqual([{ kind: "progress", step: 2, total: 4, summary: "" }]);
  });
});

describe("lines for a pseudoterminal", () => {
  it("splits chunks that end mid-line and strips CR before LF", () => {
    const s = new LineSplitter();
    expect(s.push("PNS_RUN_")).toEqual([]);
    expect(s.push("DIR=/x\r\n[pns] step")).toEqual(["PNS_RUN_DIR=/x"]);
    expect(s.push(" 1/2\n")).toEqual(["[pns] step 1/2"]);
    expect(s.push("tail")).toEqual([]);
    expect(s.flush()).toEqual(["tail"]);
    expect(s.flush()).toEqual([]);
  });

  it("uses CRLF line ends and keeps a progress bar's lone CR", () => {
    expect(toTerminalText("a\nb\r\nc\rd\n")).toBe("a\r\nb\r\nc\rd\r\n");
    expect(visibleText("10%\r50%\r")).toBe("50%");
  });
});

describe("the job summary", () => {
  const start: JobSummary = { job: "reverse-rl", label: "reverse-rl: tiny/reverse-rl.yaml" };

  it("shows the step, or the Slurm state while queued", () => {
    const queued = applyEvent(start, { kind: "slurm", id: "7", state: "PENDING" });
    expect(statusText(queued)).toBe("reverse-rl slurm PENDING");
    const stepping = applyEvent(queued, { kind: "progress", step: 3, total: 4, summary: "loss=0.1" });
    expect(statusText(stepping)).toBe("reverse-rl 3/4");
    expect(stepping.metrics).toBe("loss=0.1");
    expect(applyEvent(stepping, { kind: "progress", step: 4, total: 4, summary: "" }).metrics).toBe(
      "loss=0.1",
    );
    expect(statusText(start)).toBe("reverse-rl");
  });

  it("keeps pns run's own end, and explains an exit without one", () => {
    const ended = applyEvent(start, {
      kind: "end",
      state: "cancelled",
      reason: "Ctrl-C",
      seconds: 2,
      runDir: "/r",
    });
    expect(endFromExit(ended, 1, true)).toEqual({ state: "cancelled", reason: "Ctrl-C", seconds: 2 });
    expect(endFromExit(start, 2, false)).toMatchObject({
      state: "failed",
      reason: expect.stringContaining("refused to start"),
    });
    expect(endFromExit(start, 1, true).state).toBe("cancelled");
    expect(endFromExit(start, 0, false).state).toBe("succeeded");
    expect(endFromExit(start, 137, false).reason).toBe("pns run exited with code 137");
  });
});
