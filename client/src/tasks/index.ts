/**
 * Jobs in VS Code: the `pns` task provider, the palette commands, the job status bar item. One
 * call from activate; every disposable is returned for `context.subscriptions`.
 */
import * as vscode from "vscode";
import { registerJobCommands } from "./commands";
import { TASK_TYPE } from "./definition";
import { JobTracker } from "./jobTracker";
import { PnsTaskProvider } from "./taskProvider";

/** What the PNS views need from the job machinery (the Runs and Jobs views run tasks through it). */
export interface JobTasks {
  tracker: JobTracker;
  provider: PnsTaskProvider;
  disposables: vscode.Disposable[];
}

export function registerJobTasks(context: vscode.ExtensionContext): JobTasks {
  const tracker = new JobTracker();
  const provider = new PnsTaskProvider(context.extensionPath, tracker);
  const disposables = [
    tracker,
    vscode.tasks.registerTaskProvider(TASK_TYPE, provider),
    ...registerJobCommands(context.extensionUri, provider, tracker),
  ];
  return { tracker, provider, disposables };
}
