/**
 * The standard streams, environment and working folder a command runs with: injected so that
 * tests run commands in-process. The CLI's commands and the job runner (`jobs/executeRun.ts`)
 * both take it; it lives here, beside the other I/O helpers, so neither imports the other's layer.
 */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}
