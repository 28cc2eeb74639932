/**
 * Deep links written outside the editor: `pns run`'s summary line carries one to the run when its
 * output goes to VS Code's terminal (TERM_PROGRAM=vscode, or the base the extension sets), and
 * none elsewhere; the link opens in the extension's URI handler, and the job tracker still reads
 * the line. The run is real: the stand-in interpreter plays the job.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDeepLink, runLink } from "../../client/src/home/links/deepLinks";
import { parseLine } from "../../client/src/tasks/outputParser";
import { editorLinkBase, EXTENSION_ID, runLinkSuffix } from "../../server/src/protocol/editorLink";
import { executeRun } from "../../server/src/jobs/executeRun";
import { captureIo, job, request, STANDIN_PYTHON, tempDir } from "../jobs/helpers";

const REPO = path.resolve(__dirname, "../..");

async function summaryLine(env: NodeJS.ProcessEnv): Promise<{ line: string; runDir: string }> {
  const dir = tempDir("pns-links-");
  writeFileSync(path.join(dir, "data.pns"), "@pns 1\n");
  mkdirSync(path.join(dir, "model"));
  writeFileSync(path.join(dir, "dpo.yaml"), "model_name_or_path: ./model\ndataset: data.pns\n");
  const c = captureIo(dir, { STANDIN_MODE: "succeed", ...env });
  const code = await executeRun(
    request({ job: job("dpo"), configPath: "dpo.yaml", python: STANDIN_PYTHON, probe: false }),
    { io: c.io, jobsDir: path.join(REPO, "jobs"), pnsCommand: ["/usr/bin/node", "/opt/pns/bin/pns.js"] },
  );
  expect(code, c.out() + c.err()).toBe(0);
  const runDir = path.resolve(dir, /^PNS_RUN_DIR=(.*)$/m.exec(c.out())?.[1] ?? "");
  return { line: c.out().trim().split("\n").at(-1) ?? "", runDir };
}

const linkOf = (line: string) => / · open (\S+)$/.exec(line)?.[1];

describe("links in pns run's summary line", () => {
  it("inside VS Code's terminal: a link to the run, which the URI handler opens and the tracker still reads", async () => {
    const { line, runDir } = await summaryLine({ TERM_PROGRAM: "vscode" });
    expect(line).toMatch(/^\[pns\] dpo succeeded \(\d+\.\ds, run dir .*-dpo\) · open vscode:\/\//);
    const link = new URL(linkOf(line) ?? "");
    expect(`${link.protocol}//${link.host}`).toBe(`vscode://${EXTENSION_ID}`);
    expect(parseDeepLink(link.pathname, link.search.slice(1))).toEqual({ kind: "run", run: runDir });
    expect(linkOf(line)).toBe(runLink(EXTENSION_ID, runDir));
    expect(parseLine(line, "dpo")).toEqual([
      expect.objectContaining({ kind: "end", state: "succeeded", runDir: expect.stringMatching(/-dpo$/) }),
    ]);
  });

  it("with the extension's base, its scheme; in any other terminal, no link", async () => {
    const insiders = await summaryLine({ PNS_EDITOR_LINK_BASE: `vscode-insiders://${EXTENSION_ID}` });
    expect(linkOf(insiders.line)).toMatch(/^vscode-insiders:\/\/pns-workbench\.pns-workbench\/open\?run=/);
    const plain = await summaryLine({ TERM_PROGRAM: "iTerm.app" });
    expect(plain.line).toMatch(/^\[pns\] dpo succeeded \(\d+\.\ds, run dir .*-dpo\)$/);
  });

  it("take only a well-formed base from the environment", () => {
    expect(editorLinkBase({})).toBeUndefined();
    expect(
      editorLinkBase({ PNS_EDITOR_LINK_BASE: "javascript:alert(1)//a.b", TERM_PROGRAM: "xterm" }),
    ).toBeUndefined();
    expect(editorLinkBase({ PNS_EDITOR_LINK_BASE: "cursor://pns-workbench.pns-workbench" })).toBe(
      "cursor://pns-workbench.pns-workbench",
    );
    expect(runLinkSuffix({}, "/r")).toBe("");
  });

  it("name the extension package.json declares", () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as {
      publisher: string;
      name: string;
    };
    expect(EXTENSION_ID).toBe(`${manifest.publisher}.${manifest.name}`);
  });
});
