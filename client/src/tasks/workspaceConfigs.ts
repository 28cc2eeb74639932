/** Finds the job configs in the open workspace folders (see jobConfig.ts for what counts). */
import * as path from "node:path";
import * as vscode from "vscode";
import type { JobName } from "../../../server/src/protocol/jobs";
import { detectJob, MAX_CONFIG_BYTES } from "./jobConfig";

export interface FoundConfig {
  uri: vscode.Uri;
  job: JobName;
  folder: vscode.WorkspaceFolder;
  /** Path inside its workspace folder, with `/` (what a `pns` task's `config` holds). */
  relative: string;
}

const EXCLUDE = "{**/node_modules/**,**/.git/**,**/.venv/**,**/venv/**,**/runs/**,**/.cache/**,**/dist/**}";
const MAX_FILES = 2000;

export async function findJobConfigs(token?: vscode.CancellationToken): Promise<FoundConfig[]> {
  const uris = await vscode.workspace.findFiles("**/*.{yaml,yml}", EXCLUDE, MAX_FILES, token);
  const found: FoundConfig[] = [];
  for (const uri of uris) {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) continue;
    const job = await jobOf(uri);
    if (job)
      found.push({
        uri,
        job,
        folder,
        relative: path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join("/"),
      });
  }
  return found.sort((a, b) => a.relative.localeCompare(b.relative));
}

async function jobOf(uri: vscode.Uri): Promise<JobName | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_CONFIG_BYTES) return undefined;
    const bytes = await vscode.workspace.fs.readFile(uri);
    return detectJob(uri.path, new TextDecoder().decode(bytes));
  } catch {
    return undefined; // deleted or unreadable since the search: not a config we can offer
  }
}
