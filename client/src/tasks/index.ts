/**
 * Jobs in VS Code: the `pns` task provider, the palette commands, the job status bar item. One
 * call from activate; every disposable is returned for `context.subscriptions`.
 */
import * as vscode from "vscode";
import { registerJobCommands } from "./commands";
import { TASK_TYPE } from "./definition";
import { JobTracker } from "./jobTracker";
import { PnsTaskProvider } from "./taskProvider";

export function registerJobTasks(context: vscode.ExtensionContext): vscode.Disposable[] {
  const tracker = new JobTracker();
  const provider = new PnsTaskProvider(context.extensionPath, tracker);
  return [
    tracker,
    vscode.tasks.registerTaskProvider(TASK_TYPE, provider),
    ...registerJobCommands(context.extensionUri, provider, tracker),
  ];
}
