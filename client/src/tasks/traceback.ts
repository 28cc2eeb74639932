/**
 * Turns Python tracebacks in a job's output into one problem each, placed at the innermost frame
 * in the user's or our code (not in site-packages or the standard library, where a TRL or torch
 * error surfaces but cannot be fixed). The pseudoterminal prints each as one
 * `file:line:col: error: message` line that the `$pns-job` problem matcher reads, the same shape
 * as `pns run`'s config errors, so one matcher covers both and a 40-frame torch traceback gives one
 * problem instead of forty.
 */

export interface Frame {
  file: string;
  line: number;
  func?: string;
}

export interface TracebackProblem {
  file: string;
  line: number;
  /** The exception line, e.g. `ValueError: num_generations must divide the batch`. */
  message: string;
  frames: Frame[];
}

// torch.distributed prefixes every rank's stderr line with `[rank0]: `.
const RANK_PREFIX = /^\[rank\d+\]:\s?/;
const START = /^Traceback \(most recent call last\):\s*$/;
const FRAME = /^\s+File "(.+)", line (\d+)(?:, in (.+))?$/;
const LIBRARY = /([\\/](site|dist)-packages[\\/])|([\\/]lib[\\/]python\d[\d.]*[\\/])|(^<)/;

export function isLibraryFile(file: string): boolean {
  return LIBRARY.test(file);
}

/** The frame to report: the innermost one outside libraries, else the innermost. */
export function blameFrame(frames: readonly Frame[]): Frame | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (!isLibraryFile(frames[i].file)) return frames[i];
  return frames.at(-1);
}

/** Feed lines of one stream; `push` returns a problem when a traceback's exception line arrives. */
export class TracebackCollector {
  private frames: Frame[] | undefined;

  push(rawLine: string): TracebackProblem | undefined {
    const line = rawLine.replace(RANK_PREFIX, "");
    if (START.test(line)) {
      this.frames = [];
      return undefined;
    }
    if (!this.frames) return undefined;
    const frame = FRAME.exec(line);
    if (frame) {
      this.frames.push({ file: frame[1], line: Number(frame[2]), func: frame[3] });
      return undefined;
    }
    // Source lines and `^^^^` markers are indented; the exception line is not.
    if (line.trim() === "" || /^\s/.test(line)) return undefined;
    const frames = this.frames;
    this.frames = undefined;
    const blamed = blameFrame(frames);
    return blamed ? { file: blamed.file, line: blamed.line, message: line.trim(), frames } : undefined;
  }
}

/** The line the `$pns-job` problem matcher reads. */
export function problemLine(problem: Pick<TracebackProblem, "file" | "line" | "message">): string {
  return `[pns] ${problem.file}:${problem.line}:1: error: ${problem.message}`;
}
