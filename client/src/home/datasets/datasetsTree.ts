/**
 * The Datasets view: the workspace's `.pns` files with problem and sample counts and findings by
 * severity, expanding to problems (with their findings) and file-level findings. Counts come from
 * the file on disk, findings from the bundled `pns lint --format json --local` (one process for a
 * batch of files), so nothing is opened in an editor and nothing calls a remote endpoint. A file
 * watcher re-reads a file when it is saved, created or deleted.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { runCli } from "../../cli";
import {
  describeDataset,
  findingsByProblem,
  type LintFinding,
  parseLintJson,
  type ProblemEntry,
  scanProblems,
} from "./datasetSummary";

const EXCLUDE = "{**/node_modules/**,**/.git/**,**/.venv/**,**/.cache/**,**/dist/**}";
const MAX_FILES = 1000;
/** Files per `pns lint` process. */
const LINT_BATCH = 40;
const PROBLEM_PAGE = 200;

export type DatasetsNode =
  | { kind: "file"; uri: vscode.Uri }
  | { kind: "problem"; uri: vscode.Uri; problem: ProblemEntry; findings: LintFinding[] }
  | { kind: "finding"; uri: vscode.Uri; finding: LintFinding }
  | { kind: "more"; uri: vscode.Uri; rest: number };

interface Entry {
  problems: ProblemEntry[];
  /** undefined while linting; an error string when lint failed. */
  findings?: LintFinding[];
  error?: string;
}

const SEVERITY_ICONS: Record<string, [string, string]> = {
  error: ["error", "problemsErrorIcon.foreground"],
  warning: ["warning", "problemsWarningIcon.foreground"],
  info: ["info", "problemsInfoIcon.foreground"],
};

export class DatasetsTreeProvider implements vscode.TreeDataProvider<DatasetsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DatasetsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private files: Promise<vscode.Uri[]> | undefined;
  private readonly entries = new Map<string, Promise<Entry>>();
  private readonly fileNodes = new Map<string, DatasetsNode>();
  private readonly shown = new Map<string, number>();
  private readonly toLint = new Set<string>();
  private linting = false;
  private readonly watcher: vscode.FileSystemWatcher;
  /** Fires with the files whose findings were just read (tests and the walkthrough wait on it). */
  private readonly linted = new vscode.EventEmitter<string[]>();
  readonly onDidLint = this.linted.event;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.watcher = vscode.workspace.createFileSystemWatcher("**/*.pns");
    this.watcher.onDidChange((uri) => this.invalidate(uri, false));
    this.watcher.onDidCreate((uri) => this.invalidate(uri, true));
    this.watcher.onDidDelete((uri) => this.invalidate(uri, true));
  }

  refresh(): void {
    this.files = undefined;
    this.entries.clear();
    this.changed.fire(undefined);
  }

  showMore(node: DatasetsNode): void {
    if (node.kind !== "more") return;
    const key = node.uri.toString();
    this.shown.set(key, (this.shown.get(key) ?? PROBLEM_PAGE) + PROBLEM_PAGE);
    this.changed.fire(this.fileNodes.get(key));
  }

  private invalidate(uri: vscode.Uri, listing: boolean): void {
    const key = uri.toString();
    this.entries.delete(key);
    if (listing) {
      this.files = undefined;
      this.changed.fire(undefined);
    } else this.changed.fire(this.fileNodes.get(key));
  }

  private list(): Promise<vscode.Uri[]> {
    this.files ??= Promise.resolve(vscode.workspace.findFiles("**/*.pns", EXCLUDE, MAX_FILES)).then((uris) =>
      uris.filter((u) => u.scheme === "file").sort((a, b) => a.fsPath.localeCompare(b.fsPath)),
    );
    return this.files;
  }

  private entry(uri: vscode.Uri): Promise<Entry> {
    const key = uri.toString();
    let found = this.entries.get(key);
    if (!found) {
      found = Promise.resolve(vscode.workspace.fs.readFile(uri)).then(
        (bytes) => ({ problems: scanProblems(new TextDecoder().decode(bytes)) }),
        (error: unknown) => ({ problems: [], findings: [], error: `cannot read: ${String(error)}` }),
      );
      this.entries.set(key, found);
      this.toLint.add(key);
      void this.lintPending();
    }
    return found;
  }

  /** Lints the files read since the last run, a batch per process, one process at a time. */
  private async lintPending(): Promise<void> {
    if (this.linting) return;
    this.linting = true;
    try {
      while (this.toLint.size) {
        const batch = [...this.toLint].slice(0, LINT_BATCH);
        for (const key of batch) this.toLint.delete(key);
        const uris = batch.map((k) => vscode.Uri.parse(k));
        const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
        let byFile = new Map<string, LintFinding[]>();
        let failure: string | undefined;
        try {
          const result = await runCli(
            this.context,
            ["lint", ...uris.map((u) => u.fsPath), "--format", "json", "--local"],
            cwd,
          );
          const parsed = parseLintJson(result.stdout);
          if (!parsed.length && result.code === 2)
            failure = result.stderr.split("\n").find((l) => l.trim()) ?? "pns lint failed";
          byFile = new Map(parsed.map((f) => [path.resolve(cwd ?? "", f.file), f.findings]));
        } catch (error) {
          failure = String(error);
        }
        for (const uri of uris) {
          const pending = this.entries.get(uri.toString());
          if (!pending) continue; // changed again meanwhile: a newer entry will be linted
          const entry = await pending;
          entry.findings = byFile.get(uri.fsPath) ?? [];
          if (failure) entry.error = failure;
          this.changed.fire(this.fileNodes.get(uri.toString()));
        }
        this.linted.fire(batch);
      }
    } finally {
      this.linting = false;
    }
  }

  /** The summary of a file once linted (the walkthrough and tests read it). */
  async summaryOf(uri: vscode.Uri): Promise<Entry> {
    return this.entry(uri);
  }

  async getChildren(element?: DatasetsNode): Promise<DatasetsNode[]> {
    if (!element) {
      const uris = await this.list();
      return uris.map((uri) => {
        const key = uri.toString();
        const node = this.fileNodes.get(key) ?? { kind: "file" as const, uri };
        this.fileNodes.set(key, node);
        return node;
      });
    }
    if (element.kind === "file") {
      const entry = await this.entry(element.uri);
      const byProblem = findingsByProblem(entry.findings ?? []);
      const fileLevel = (byProblem.get(undefined) ?? []).map((finding) => ({
        kind: "finding" as const,
        uri: element.uri,
        finding,
      }));
      const limit = this.shown.get(element.uri.toString()) ?? PROBLEM_PAGE;
      const problems = entry.problems.slice(0, limit).map((problem) => ({
        kind: "problem" as const,
        uri: element.uri,
        problem,
        findings: byProblem.get(problem.id) ?? [],
      }));
      const rest = entry.problems.length - problems.length;
      return [
        ...fileLevel,
        ...problems,
        ...(rest > 0 ? [{ kind: "more" as const, uri: element.uri, rest }] : []),
      ];
    }
    if (element.kind === "problem")
      return element.findings.map((finding) => ({ kind: "finding", uri: element.uri, finding }));
    return [];
  }

  async getTreeItem(element: DatasetsNode): Promise<vscode.TreeItem> {
    switch (element.kind) {
      case "file": {
        const entry = await this.entry(element.uri);
        const item = new vscode.TreeItem(element.uri, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `pns-dataset:${element.uri.toString()}`;
        item.label = path.basename(element.uri.fsPath);
        const folder = path.dirname(vscode.workspace.asRelativePath(element.uri));
        item.description = `${folder === "." ? "" : `${folder} · `}${describeDataset(entry.problems, entry.findings)}`;
        item.tooltip = entry.error ? `${element.uri.fsPath}\n⚠ ${entry.error}` : element.uri.fsPath;
        item.contextValue = "pnsDataset";
        item.iconPath = vscode.ThemeIcon.File;
        return item;
      }
      case "problem": {
        const { problem, findings } = element;
        const item = new vscode.TreeItem(
          problem.id,
          findings.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        const worst = findings[0]?.severity;
        item.description = `${problem.positives}+ ${problem.negatives}−${findings.length ? ` · ${findings.length} finding${findings.length === 1 ? "" : "s"}` : ""}`;
        item.tooltip = `${problem.positives} positive, ${problem.negatives} negative sample(s)`;
        item.iconPath = worst ? severityIcon(worst) : new vscode.ThemeIcon("symbol-class");
        item.command = openAt(element.uri, problem.line, 0);
        item.contextValue = "pnsDatasetProblem";
        return item;
      }
      case "finding": {
        const { finding } = element;
        const item = new vscode.TreeItem(finding.message.split("\n")[0]);
        item.description = `${finding.code} · ${finding.line}:${finding.column}`;
        item.tooltip = finding.message;
        item.iconPath = severityIcon(finding.severity);
        item.command = openAt(element.uri, finding.line - 1, finding.column - 1);
        return item;
      }
      case "more": {
        const item = new vscode.TreeItem(
          `Show ${Math.min(PROBLEM_PAGE, element.rest)} more problems (${element.rest} left)`,
        );
        item.iconPath = new vscode.ThemeIcon("ellipsis");
        item.command = { command: "pns.datasets.showMore", title: "Show more", arguments: [element] };
        return item;
      }
    }
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
    this.linted.dispose();
  }
}

function severityIcon(severity: string): vscode.ThemeIcon {
  const [icon, color] = SEVERITY_ICONS[severity] ?? SEVERITY_ICONS.info;
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

function openAt(uri: vscode.Uri, line: number, character: number): vscode.Command {
  const position = new vscode.Position(Math.max(0, line), Math.max(0, character));
  return {
    command: "vscode.open",
    title: "Open",
    arguments: [
      uri,
      { selection: new vscode.Range(position, position) } satisfies vscode.TextDocumentShowOptions,
    ],
  };
}
