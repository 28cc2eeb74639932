import { PassThrough } from "node:stream";
import type { CliIo } from "../../server/src/cli/command";

export interface CapturedIo {
  io: CliIo;
  out: () => string;
  err: () => string;
}

/**
 * Streams for running a `pns` command in-process (`runCli(argv, io)`) and reading what it wrote.
 * `stdin` is ended with the given text (left open when undefined); `tty` marks stderr as a terminal.
 */
export function captureIo(
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string | Uint8Array; tty?: boolean } = {},
): CapturedIo {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  const stdin = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  if (options.stdin !== undefined) stdin.end(options.stdin);
  const io: CliIo = { stdout, stderr, stdin, env: options.env ?? {}, cwd: options.cwd ?? process.cwd() };
  return { io, out: () => out, err: () => err };
}
