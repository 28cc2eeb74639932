/**
 * "Create from template…": copies the tiny example config of a job (examples/tiny/<job>.yaml,
 * shipped with the extension) into a workspace folder, marked with `# pns-job: <job>` so it is
 * found whatever it is renamed to, and opens it for editing.
 */
import * as vscode from "vscode";
import type { JobName } from "../../../server/src/protocol/jobs";
import { freeName, templateHeader } from "./templateText";

export async function createFromTemplate(
  extensionUri: vscode.Uri,
  job: JobName,
): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder =
    folders.length > 1
      ? await vscode.window.showWorkspaceFolderPick({ placeHolder: `Folder for the new ${job} config` })
      : folders[0];
  if (!folder) return undefined;
  const source = vscode.Uri.joinPath(extensionUri, "examples", "tiny", `${job}.yaml`);
  let template: string;
  try {
    template = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  } catch {
    void vscode.window.showErrorMessage(
      `PNS: the ${job} template is missing from the extension (${source.fsPath}).`,
    );
    return undefined;
  }
  const existing = new Set((await vscode.workspace.fs.readDirectory(folder.uri)).map(([name]) => name));
  const target = vscode.Uri.joinPath(
    folder.uri,
    freeName(job, (name) => existing.has(name)),
  );
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(templateHeader(job) + template));
  await vscode.window.showTextDocument(target);
  return target;
}
