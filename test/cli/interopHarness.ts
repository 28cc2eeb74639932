// In-process harness for the import/export CLI tests: runs `pns` through runCli with captured
// streams, so tests see exit codes, stdout and stderr without spawning processes.
import { PassThrough } from "node:stream";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "../../server/src/cli/main";

export const fixtures = path.resolve(__dirname, "../fixtures/interop");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function pns(argv: string[], stdin?: string | Buffer): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const input = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  input.end(stdin ?? "");
  const code = await runCli(argv, { stdout, stderr, stdin: input, env: {}, cwd: process.cwd() });
  return { code, stdout: out, stderr: err };
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "pns-interop-"));
}
