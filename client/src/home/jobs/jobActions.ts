/**
 * The Jobs view's actions: run a config as a `pns` task, dry run (`pns run --dry-run`: the run
 * directory, environment and exact commands, nothing started), create a config from a job's
 * template. Running and dry runs refuse in an untrusted workspace, with the reason.
 */
import { existsSync, promises as fs } from "node:fs";
import * as vscode from "vscode";
import type { JobName } from "../../../../server/src/protocol/jobs";
import { runCli } from "../../cli";
import { JOB_NAMES, runArguments, TASK_TYPE } from "../../tasks/definition";
import type { JobTasks } from "../../tasks/index";
import { relativePaths } from "../../tasks/jobConfig";
import { createFromTemplate } from "../../tasks/template";
import { chooseWorkingDirectory } from "../../tasks/workingDirectory";
import { refuseUntrusted } from "../runs/runActions";
import type { JobsNode, JobsTreeProvider } from "./jobsTree";
import { COMMANDS } from "../../../../server/src/protocol/commands";

type ConfigNode = Extract<JobsNode, { kind: "config" }>;
const isConfig = (n: unknown): n is ConfigNode =>
  !!n && typeof n === "object" && (n as JobsNode).kind === "config";

export function registerJobActions(
  context: vscode.ExtensionContext,
  tree: JobsTreeProvider,
  jobs: JobTasks,
): vscode.Disposable[] {
  const output = vscode.window.createOutputChannel("PNS Dry Run");

  const run = async (node?: unknown) => {
    if (!isConfig(node) || (await refuseUntrusted())) return;
    const { config } = node;
    const task = jobs.provider.createTask(
      { type: TASK_TYPE, job: config.job, config: config.relative },
      config.folder,
      config.relative,
    );
    await vscode.tasks.executeTask(task);
  };

  const dryRun = async (node?: unknown) => {
    if (!isConfig(node) || (await refuseUntrusted())) return;
    const { config } = node;
    const configPath = config.uri.fsPath;
    const text = await fs.readFile(configPath, "utf8");
    const root = config.folder.uri.fsPath;
    const cwd = chooseWorkingDirectory(configPath, root, relativePaths(text, configPath), existsSync);
    const pythonSetting = vscode.workspace
      .getConfiguration("pns.jobs", config.folder.uri)
      .get<string>("pythonPath", "");
    const args = [
      ...runArguments(
        { type: TASK_TYPE, job: config.job, config: configPath },
        { configPath, pythonSetting },
      ),
      "--dry-run",
    ];
    output.clear();
    output.show(true);
    output.appendLine(
      `$ pns ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")}   (in ${cwd})`,
    );
    const result = await runCli(context, args, cwd);
    output.append(result.stdout);
    if (result.stderr.trim()) output.append(result.stderr);
    output.appendLine(`[exit ${result.code}]`);
  };

  const create = async (node?: unknown) => {
    let job =
      node && typeof node === "object" && (node as JobsNode).kind === "job"
        ? (node as { job: string }).job
        : undefined;
    job ??= await vscode.window.showQuickPick([...JOB_NAMES], {
      title: "PNS: create a job config from the template of",
    });
    if (!job) return;
    if (!(JOB_NAMES as readonly string[]).includes(job)) {
      void vscode.window.showInformationMessage(`PNS: there is no template for ${job}.`);
      return;
    }
    if (await createFromTemplate(context.extensionUri, job as JobName)) tree.refresh();
  };

  // Literal ids: the manifest contract test matches registrations against package.json.
  return [
    output,
    vscode.commands.registerCommand(COMMANDS.jobsRefresh, () => tree.refresh()),
    vscode.commands.registerCommand(COMMANDS.jobsRun, run),
    vscode.commands.registerCommand(COMMANDS.jobsDryRun, dryRun),
    vscode.commands.registerCommand(COMMANDS.jobsCreateFromTemplate, create),
  ];
}
