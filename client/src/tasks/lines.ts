/**
 * Splits a process's output stream into lines as chunks arrive (a chunk may end mid-line), and
 * converts text for a pseudoterminal, which needs `\r\n` line ends.
 */

export class LineSplitter {
  private pending = "";

  /** The complete lines in this chunk (without line ends); the rest waits for the next chunk. */
  push(chunk: string): string[] {
    const parts = (this.pending + chunk).split("\n");
    this.pending = parts.pop() ?? "";
    return parts.map((line) => line.replace(/\r$/, ""));
  }

  /** The unterminated last line, at end of stream. */
  flush(): string[] {
    const rest = this.pending;
    this.pending = "";
    return rest === "" ? [] : [rest];
  }
}

/**
 * `\n` becomes `\r\n`; an existing `\r\n` stays as is and a lone `\r` (a progress bar redrawing its
 * line) is kept, so tqdm bars update in place instead of printing a line per refresh.
 */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

/** The last segment of a line that a progress bar rewrote with `\r`: what the terminal shows. */
export function visibleText(line: string): string {
  const segments = line.split("\r").filter((s) => s !== "");
  return segments.at(-1) ?? "";
}
