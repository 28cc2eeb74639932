/**
 * Runs the bundled `pns` CLI (dist/cli/main.js) in a child Node process, so export and import
 * from the editor use exactly the code of `pns export` / `pns import`.
 */
import { fork } from "node:child_process";
import type * as vscode from "vscode";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(context: vscode.ExtensionContext, args: string[], cwd?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = fork(context.asAbsolutePath("dist/cli/main.js"), args, { cwd, silent: true });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** The first useful line of the CLI's error output, for a notification. */
export function firstError(result: CliResult): string {
  return (
    result.stderr.split("\n").find((line) => line.trim() !== "") ?? `pns exited with code ${result.code}`
  );
}
