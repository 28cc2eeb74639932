/**
 * The command that runs the bundled `pns` CLI from the extension host. `process.execPath` there is
 * VS Code's Electron binary (desktop), which behaves as plain Node only with
 * `ELECTRON_RUN_AS_NODE=1`, or Node itself (code-server, VS Code server): either way the CLI runs
 * on the Node the editor already ships, and the children it starts (the reward server, `pns
 * export` from Python) inherit the variable and so run the same way.
 */
import * as path from "node:path";

export interface CliLaunch {
  command: string;
  /** Arguments before `run ...`: the CLI bundle. */
  prefix: string[];
  env: NodeJS.ProcessEnv;
}

export function cliLaunch(
  extensionPath: string,
  base: NodeJS.ProcessEnv = process.env,
  execPath: string = process.execPath,
  electron: boolean = process.versions.electron !== undefined,
): CliLaunch {
  return {
    command: execPath,
    prefix: [path.join(extensionPath, "dist", "cli", "main.js")],
    env: {
      ...base,
      ...(electron ? { ELECTRON_RUN_AS_NODE: "1" } : {}),
      // Python buffers a pipe's output in blocks; a job's log should reach the terminal as it runs.
      PYTHONUNBUFFERED: "1",
    },
  };
}
