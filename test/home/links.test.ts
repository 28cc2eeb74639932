/** Deep links and terminal run-dir links: parsing, building, and round trips. */
import { describe, expect, it } from "vitest";
import { parseDeepLink, runDirsInLine, runLink, sampleLink } from "../../client/src/home/links/deepLinks";
import { parseLaunchRecord } from "../../client/src/home/runs/launchRecord";

const ID = "pns-workbench.pns-workbench";

function roundTrip(link: string) {
  const url = new URL(link);
  return parseDeepLink(url.pathname, url.search.slice(1));
}

describe("deep links", () => {
  it("round-trip a run and a step, paths with spaces and ampersands included", () => {
    expect(roundTrip(runLink(ID, "/data/my runs/2026&1-dpo", 12))).toEqual({
      kind: "run",
      run: "/data/my runs/2026&1-dpo",
      step: 12,
    });
    expect(roundTrip(runLink(ID, "runs/x"))).toEqual({ kind: "run", run: "runs/x" });
  });

  it("round-trip a sample of a problem", () => {
    expect(roundTrip(sampleLink(ID, "examples/demo.pns", "fractions-2", 1))).toEqual({
      kind: "sample",
      file: "examples/demo.pns",
      problem: "fractions-2",
      sample: 1,
    });
    expect(roundTrip(sampleLink(ID, "a.pns"))).toEqual({ kind: "sample", file: "a.pns" });
  });

  it("say what is wrong with a malformed link", () => {
    expect(parseDeepLink("/close", "run=x")).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/unknown link path/),
    });
    expect(parseDeepLink("/open", "")).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/neither/),
    });
    expect(parseDeepLink("/open", "run=x&step=-1")).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/whole number/),
    });
    expect(parseDeepLink("/open", "file=a.pns&sample=2")).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/needs problem/),
    });
    expect(parseDeepLink("/open", "run=x&file=y")).toMatchObject({ kind: "error" });
  });
});

describe("run directories in terminal lines", () => {
  it("finds pns run's summary line and PNS_RUN_DIR=", () => {
    const line = "[pns] reverse-rl succeeded (31s, run dir /tmp/w/runs/20261126T060637Z-reverse-rl)";
    const [found] = runDirsInLine(line);
    expect(found.dir).toBe("/tmp/w/runs/20261126T060637Z-reverse-rl");
    expect(line.slice(found.start, found.start + found.length)).toBe(found.dir);
    expect(runDirsInLine("PNS_RUN_DIR=/r/20261126T060637Z-dpo").map((f) => f.dir)).toEqual([
      "/r/20261126T060637Z-dpo",
    ]);
    expect(runDirsInLine("nothing here")).toEqual([]);
  });
});

describe("launch record", () => {
  it("reads the config and working directory a run was started with", () => {
    const text = JSON.stringify({
      argv: ["/py", "-m", "pns_jobs.dpo", "--config", "/w/dpo.yaml", "--run_dir", "/w/runs/x"],
      cwd: "/w",
      job: "dpo",
    });
    expect(parseLaunchRecord(text)).toEqual({ config: "/w/dpo.yaml", cwd: "/w", job: "dpo" });
    expect(parseLaunchRecord(JSON.stringify({ argv: ["--config=/a.yaml"] }))).toEqual({ config: "/a.yaml" });
    expect(parseLaunchRecord("{broken")).toEqual({});
  });
});
