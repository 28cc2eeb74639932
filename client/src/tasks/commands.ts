/**
 * The palette commands, one per job: pick a config of that job in the workspace (or create one
 * from the tiny example), then run it as a `pns` task, so it shows up, and can be re-run or
 * terminated, like any other task.
 */
import * as vscode from "vscode";
import type { JobName } from "../../../server/src/protocol/jobs";
import { TASK_TYPE } from "./definition";
import type { JobTracker } from "./jobTracker";
import { type PnsTaskProvider, UNTRUSTED_JOBS } from "./taskProvider";
import { createFromTemplate } from "./template";
import { findJobConfigs, type FoundConfig } from "./workspaceConfigs";
import { COMMANDS } from "../../../server/src/protocol/commands";

interface ConfigItem extends vscode.QuickPickItem {
  config?: FoundConfig;
}

const CREATE = "$(new-file) Create from template…";

export function registerJobCommands(
  extensionUri: vscode.Uri,
  provider: PnsTaskProvider,
  tracker: JobTracker,
): vscode.Disposable[] {
  const run = async (job: JobName): Promise<void> => {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage(UNTRUSTED_JOBS, "Manage Workspace Trust");
      if (choice) await vscode.commands.executeCommand("workbench.trust.manage");
      return;
    }
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showErrorMessage(
        "PNS: open a folder first: job configs and run directories live in a workspace folder.",
      );
      return;
    }
    const configs = (await findJobConfigs()).filter((c) => c.job === job);
    const items: ConfigItem[] = [
      ...configs.map((config) => ({ label: config.relative, description: config.folder.name, config })),
      { label: CREATE, detail: `Copy the tiny ${job} example config into the workspace and open it` },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `PNS: run ${job}`,
      placeHolder: configs.length ? `Pick a ${job} config` : `No ${job} config in the workspace yet`,
    });
    if (!picked) return;
    if (!picked.config) {
      const created = await createFromTemplate(extensionUri, job);
      const folder = created && vscode.workspace.getWorkspaceFolder(created);
      if (!created || !folder) return;
      const relative = vscode.workspace.asRelativePath(created, false).split("/").pop() ?? "";
      const choice = await vscode.window.showInformationMessage(
        `PNS: created ${relative}. Set its model and dataset, then run it.`,
        "Run Now",
      );
      if (choice)
        await vscode.tasks.executeTask(
          provider.createTask({ type: TASK_TYPE, job, config: relative }, folder, relative),
        );
      return;
    }
    const { config } = picked;
    const task = provider.createTask(
      { type: TASK_TYPE, job, config: config.relative },
      config.folder,
      config.relative,
    );
    await vscode.tasks.executeTask(task);
  };
  // Literal ids: the manifest contract test matches registrations against package.json.
  return [
    vscode.commands.registerCommand(COMMANDS.trainRewardModel, () => run("reward-model")),
    vscode.commands.registerCommand(COMMANDS.trainGenerator, () => run("reverse-rl")),
    vscode.commands.registerCommand(COMMANDS.synthesizeNegatives, () => run("synthesize")),
    vscode.commands.registerCommand(COMMANDS.trainDpo, () => run("dpo")),
    vscode.commands.registerCommand(COMMANDS.evaluate, () => run("eval")),
    vscode.commands.registerCommand(COMMANDS.showJobOutput, (label?: string) =>
      showJobTerminal(label ?? tracker.latestLabel()),
    ),
  ];
}

async function showJobTerminal(label: string | undefined): Promise<void> {
  const terminal = label ? vscode.window.terminals.find((t) => t.name.includes(label)) : undefined;
  if (terminal) terminal.show();
  else await vscode.commands.executeCommand("workbench.action.terminal.focus");
}
