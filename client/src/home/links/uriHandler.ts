/**
 * Opens deep links (deepLinks.ts): a run's curves at a step, or a sample of a `.pns` file. A link
 * can come from anywhere (a chat, a web page), so it only opens things, only inside the workspace
 * folders and the runs roots, and a stale link (run deleted, problem renamed, sample gone) gets a
 * message saying what is missing, never an exception. Also makes `run dir <path>` in terminals
 * (pns run's summary line) a link to that run.
 */
import { access } from "node:fs/promises";
import * as path from "node:path";
import * as vscode from "vscode";
import { scanProblems } from "../datasets/datasetSummary";
import { readRunSummary } from "../runs/runFolder";
import type { RunsRoots } from "../runs/runsRoots";
import { parseDeepLink, runDirsInLine } from "./deepLinks";

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

const within = (file: string, dir: string) => {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

export class DeepLinkHandler implements vscode.UriHandler {
  private readonly handled = new vscode.EventEmitter<{ uri: string; outcome: string }>();
  /** What each link did, in words (the in-editor tests and e2e wait on it). */
  readonly onDidHandle = this.handled.event;

  constructor(private readonly roots: RunsRoots) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    let outcome: string;
    try {
      outcome = await this.open(uri);
    } catch (error) {
      outcome = `PNS: could not open the link: ${String(error)}`;
      void vscode.window.showErrorMessage(outcome);
    }
    this.handled.fire({ uri: uri.toString(), outcome });
  }

  private warn(message: string): string {
    void vscode.window.showWarningMessage(message);
    return message;
  }

  /** Candidates for a link's path: itself when absolute, else under each workspace folder. */
  private candidates(p: string): string[] {
    if (path.isAbsolute(p)) return [path.normalize(p)];
    return (vscode.workspace.workspaceFolders ?? []).map((f) => path.resolve(f.uri.fsPath, p));
  }

  private allowed(file: string): boolean {
    const places = [
      ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      ...this.roots.all(),
    ];
    return places.some((dir) => within(file, dir));
  }

  /** The first existing candidate inside the workspace; a message when there is none. */
  private async locate(p: string, what: string): Promise<string | { message: string }> {
    const candidates = this.candidates(p);
    const inside = candidates.filter((c) => this.allowed(c));
    if (!inside.length)
      return {
        message: `PNS: the link's ${what} ${p} is outside this workspace; open the folder that holds it first.`,
      };
    for (const c of inside) if (await exists(c)) return c;
    return { message: `PNS: the ${what} ${p} no longer exists (deleted, moved or renamed).` };
  }

  private async open(uri: vscode.Uri): Promise<string> {
    const link = parseDeepLink(uri.path, uri.query);
    if (link.kind === "error") return this.warn(`PNS: this link cannot be opened: ${link.message}.`);
    if (link.kind === "run") {
      const dir = await this.locate(link.run, "run");
      if (typeof dir !== "string") return this.warn(dir.message);
      const summary = await readRunSummary(dir);
      const hasSamples = await exists(path.join(dir, "samples.jsonl"));
      if (link.step !== undefined && hasSamples) {
        await vscode.commands.executeCommand("pns.showTrainingCurves", { runs: [dir], step: link.step });
        const last = summary.metric?.step;
        if (last !== undefined && link.step > last)
          return this.warn(
            `PNS: step ${link.step} is past the last logged step (${last}) of ${path.basename(dir)}; showing the nearest samples.`,
          );
        return `opened run ${dir} at step ${link.step}`;
      }
      await vscode.commands.executeCommand("pns.showTrainingCurves", [vscode.Uri.file(dir)]);
      if (link.step !== undefined)
        return this.warn(`PNS: ${path.basename(dir)} logged no samples (samples.jsonl); showing its curves.`);
      return `opened run ${dir}`;
    }
    const file = await this.locate(link.file, "dataset");
    if (typeof file !== "string") return this.warn(file.message);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const show = (line: number) => {
      const at = new vscode.Position(line, 0);
      return vscode.window.showTextDocument(document, {
        selection: new vscode.Range(at, at),
        preview: false,
      });
    };
    if (!link.problem) {
      await show(0);
      return `opened ${file}`;
    }
    const problem = scanProblems(document.getText()).find((p) => p.id === link.problem);
    if (!problem) {
      await show(0);
      return this.warn(
        `PNS: problem ${link.problem} is not in ${path.basename(file)} any more (renamed or removed).`,
      );
    }
    if (link.sample === undefined) {
      await show(problem.line);
      return `opened ${file} at problem ${problem.id}`;
    }
    const line = problem.samples[link.sample];
    if (line === undefined) {
      await show(problem.line);
      return this.warn(
        `PNS: problem ${problem.id} has ${problem.samples.length} sample(s); sample ${link.sample} does not exist any more.`,
      );
    }
    const editor = await show(line);
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
    return `opened ${file} at problem ${problem.id}, sample ${link.sample}`;
  }
}

/** `run dir <path>` / `PNS_RUN_DIR=<path>` in a terminal: a link that opens the run's curves. */
export function runDirTerminalLinks(): vscode.TerminalLinkProvider<vscode.TerminalLink & { dir: string }> {
  return {
    provideTerminalLinks: (context) =>
      runDirsInLine(context.line).map(({ start, length, dir }) => ({
        startIndex: start,
        length,
        tooltip: "Open the run's training curves",
        dir,
      })),
    handleTerminalLink: async (link) => {
      if (!(await exists(link.dir))) {
        void vscode.window.showWarningMessage(`PNS: the run ${link.dir} no longer exists.`);
        return;
      }
      await vscode.commands.executeCommand("pns.showTrainingCurves", [vscode.Uri.file(link.dir)]);
    },
  };
}
