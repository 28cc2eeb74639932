/**
 * The `pns` task type: one task per job config found in the workspace, and `resolveTask` for the
 * ones written in tasks.json. Every task runs `pns run` in a JobPseudoterminal and uses the
 * `$pns-job` problem matcher.
 */
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  checkDefinition,
  type PnsTaskDefinition,
  runArguments,
  substituteWorkspaceFolder,
  TASK_TYPE,
  taskLabel,
} from "./definition";
import { relativePaths } from "./jobConfig";
import { cliLaunch } from "./launch";
import { type JobLaunch, JobPseudoterminal, MessageTerminal } from "./pseudoterminal";
import type { JobTracker } from "./jobTracker";
import { chooseWorkingDirectory } from "./workingDirectory";
import { findJobConfigs } from "./workspaceConfigs";

export const PROBLEM_MATCHER = "$pns-job";
export const UNTRUSTED_JOBS =
  "PNS: jobs do not run in an untrusted workspace: a job config names models, datasets and a Python interpreter that would execute code from this folder. Trust the workspace to run jobs.";

export class PnsTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly extensionPath: string,
    private readonly tracker: JobTracker,
  ) {}

  async provideTasks(token: vscode.CancellationToken): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) return [];
    const configs = await findJobConfigs(token);
    return configs.map(({ job, folder, relative }) =>
      this.createTask({ type: TASK_TYPE, job, config: relative }, folder, relative),
    );
  }

  /** Reuses the given definition object, as VS Code requires for tasks from tasks.json. */
  resolveTask(task: vscode.Task): vscode.Task {
    const folder = typeof task.scope === "object" ? task.scope : undefined;
    return this.createTask(task.definition as PnsTaskDefinition, folder, undefined, task);
  }

  createTask(
    definition: PnsTaskDefinition,
    folder: vscode.WorkspaceFolder | undefined,
    relativeConfig?: string,
    original?: vscode.Task,
  ): vscode.Task {
    const name = original?.name ?? taskLabel(definition, relativeConfig ?? String(definition.config));
    const execution = new vscode.CustomExecution((resolved) =>
      Promise.resolve(this.terminal(resolved, folder, name)),
    );
    const task = new vscode.Task(
      definition,
      folder ?? vscode.TaskScope.Workspace,
      name,
      TASK_TYPE,
      execution,
      [PROBLEM_MATCHER],
    );
    task.group = definition.job === "eval" ? vscode.TaskGroup.Test : vscode.TaskGroup.Build;
    task.detail = `pns run ${definition.job} --config ${definition.config}`;
    task.presentationOptions = {
      reveal: vscode.TaskRevealKind.Always,
      panel: vscode.TaskPanelKind.Dedicated,
      clear: true,
    };
    task.isBackground = false;
    return task;
  }

  private terminal(
    resolved: vscode.TaskDefinition,
    folder: vscode.WorkspaceFolder | undefined,
    name: string,
  ): vscode.Pseudoterminal {
    if (!vscode.workspace.isTrusted) return new MessageTerminal(UNTRUSTED_JOBS);
    const checked = checkDefinition(resolved);
    if (typeof checked === "string")
      return new MessageTerminal(`PNS: invalid "pns" task in tasks.json: ${checked}`);
    const root = folder ?? vscode.workspace.workspaceFolders?.[0];
    if (!root)
      return new MessageTerminal(
        "PNS: open a folder first: job configs and run directories live in a workspace folder.",
      );
    return new JobPseudoterminal(() => this.prepare(checked, root, name), this.tracker);
  }

  /** Works out the command line when the task starts, so edits to the config and settings apply. */
  private async prepare(
    definition: PnsTaskDefinition,
    folder: vscode.WorkspaceFolder,
    name: string,
  ): Promise<JobLaunch> {
    const root = folder.uri.fsPath;
    const configPath = path.resolve(root, substituteWorkspaceFolder(definition.config, root));
    let text: string;
    try {
      text = await fs.readFile(configPath, "utf8");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new Error(`PNS: cannot read the job config ${configPath}: ${reason}`, { cause: error });
    }
    const cwd = definition.cwd
      ? path.resolve(root, substituteWorkspaceFolder(definition.cwd, root))
      : chooseWorkingDirectory(configPath, root, relativePaths(text, configPath), existsSync);
    const pythonSetting = vscode.workspace
      .getConfiguration("pns.jobs", folder.uri)
      .get<string>("pythonPath", "");
    const launch = cliLaunch(this.extensionPath);
    const args = runArguments(definition, { configPath, pythonSetting });
    return {
      job: definition.job,
      label: name,
      command: launch.command,
      prefix: launch.prefix,
      args,
      cwd,
      env: launch.env,
    };
  }
}
