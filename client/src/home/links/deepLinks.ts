/**
 * Deep links into the editor (`vscode://pns-workbench.pns-workbench/open?...`), parsed and built
 * here, pure, so reports, the CLI and tests write the same links the handler reads:
 *
 *   /open?run=<run dir>&step=<n>                      the run's curves, samples logged at step n
 *   /open?file=<.pns file>&problem=<id>&sample=<k>    the file at that sample (k as `pns lint` numbers it, from 0)
 *
 * Paths are absolute or relative to a workspace folder. A malformed link is an error in words.
 * The builders are shared with `pns run` (server/src/protocol/editorLink.ts).
 */
import { runLinkFrom, sampleLinkFrom } from "../../../../server/src/protocol/editorLink";

export type DeepLink =
  | { kind: "run"; run: string; step?: number }
  | { kind: "sample"; file: string; problem?: string; sample?: number }
  | { kind: "error"; message: string };

const nonNegativeInteger = (text: string | null): number | undefined | "bad" => {
  if (text === null || text === "") return undefined;
  return /^\d+$/.test(text) ? Number(text) : "bad";
};

export function parseDeepLink(path: string, query: string): DeepLink {
  if (path.replace(/\/+$/, "") !== "/open")
    return { kind: "error", message: `unknown link path "${path}" (expected /open?run=… or /open?file=…)` };
  const params = new URLSearchParams(query);
  const run = params.get("run");
  const file = params.get("file");
  if (run && file) return { kind: "error", message: "a link names either run= or file=, not both" };
  if (run) {
    const step = nonNegativeInteger(params.get("step"));
    if (step === "bad")
      return { kind: "error", message: `step must be a whole number, got "${params.get("step")}"` };
    return { kind: "run", run, ...(step !== undefined ? { step } : {}) };
  }
  if (file) {
    const sample = nonNegativeInteger(params.get("sample"));
    if (sample === "bad")
      return { kind: "error", message: `sample must be a whole number, got "${params.get("sample")}"` };
    const problem = params.get("problem") || undefined;
    if (sample !== undefined && !problem) return { kind: "error", message: "sample= needs problem=" };
    return {
      kind: "sample",
      file,
      ...(problem ? { problem } : {}),
      ...(sample !== undefined ? { sample } : {}),
    };
  }
  return { kind: "error", message: "the link names neither run= nor file=" };
}

/** The link to a run (and a step of it). */
export function runLink(extensionId: string, runDir: string, step?: number): string {
  return runLinkFrom(`vscode://${extensionId}`, runDir, step);
}

/** The link to a problem or one of its samples in a `.pns` file. */
export function sampleLink(extensionId: string, file: string, problem?: string, sample?: number): string {
  return sampleLinkFrom(`vscode://${extensionId}`, file, problem, sample);
}

/** `run dir <path>` (pns run's last line) and `PNS_RUN_DIR=<path>`, as printed in a terminal. */
const RUN_DIR_IN_LINE = /(?:run dir |PNS_RUN_DIR=)(\S+?)(?=\)|\s|$)/g;

/** Where a terminal line names a run directory: [start, length, path]. */
export function runDirsInLine(line: string): { start: number; length: number; dir: string }[] {
  const out: { start: number; length: number; dir: string }[] = [];
  for (const m of line.matchAll(RUN_DIR_IN_LINE)) {
    const dir = m[1];
    out.push({ start: (m.index ?? 0) + m[0].length - dir.length, length: dir.length, dir });
  }
  return out;
}
