/**
 * Where the Runs view looks: the `pns.runs.roots` folders of each workspace folder (default
 * `runs`, where `pns run` writes), plus the parent of every run directory a job started from this
 * workspace reported (a task may start `pns run` above the workspace folder, see docs/tasks.md,
 * so its `runs/` can lie outside it). Those are remembered per workspace.
 */
import * as path from "node:path";
import * as vscode from "vscode";

const REMEMBERED = "pns.runs.rememberedRoots";

export class RunsRoots implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly state: vscode.Memento) {
    this.subscription = vscode.Disposable.from(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("pns.runs.roots")) this.changed.fire();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()),
    );
  }

  /** Absolute root folders, without duplicates, in a stable order. */
  all(): string[] {
    const roots: string[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const configured = vscode.workspace.getConfiguration("pns.runs", folder.uri).get<string[]>("roots", ["runs"]);
      for (const root of Array.isArray(configured) ? configured : [])
        if (typeof root === "string" && root.trim() !== "") roots.push(path.resolve(folder.uri.fsPath, root.trim()));
    }
    roots.push(...this.state.get<string[]>(REMEMBERED, []));
    return [...new Set(roots.map((r) => path.normalize(r)))];
  }

  /** Remembers the folder a reported run directory lies in; true when it is new. */
  async remember(runDir: string): Promise<boolean> {
    const root = path.dirname(path.resolve(runDir));
    if (this.all().includes(root)) return false;
    await this.state.update(REMEMBERED, [...this.state.get<string[]>(REMEMBERED, []), root]);
    this.changed.fire();
    return true;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
