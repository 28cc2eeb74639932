import { positionOn, rangeOn } from "./position";
import type { Report } from "./meta";

/** What the first line's `@pns N` says. */
export interface HeaderInfo {
  version: number;
}

/**
 * Reads the version header (`@pns 1`) from the line `[start, end)` that begins with `@pns`
 * followed by a space, a tab or the line end. Anything but a supported version is reported and
 * read as version 1, so the rest of the file still parses.
 */
export function parseHeader(
  text: string,
  start: number,
  nameEnd: number,
  end: number,
  line: number,
  lineStart: number,
  report: Report,
): HeaderInfo {
  const raw = text.slice(nameEnd, end);
  const value = raw.trim();
  if (/^[0-9]{1,9}$/.test(value)) {
    const version = Number(value);
    if (version !== 1) {
      report(
        "unsupported-version",
        `unsupported format version ${version}: this tool reads version 1`,
        rangeOn(line, lineStart, start, end),
      );
    }
    return { version };
  }
  report(
    "unsupported-version",
    value.length === 0
      ? "missing format version: write '@pns 1'"
      : `invalid format version '${value}': write '@pns 1'`,
    { start: positionOn(line, lineStart, start), end: positionOn(line, lineStart, end) },
  );
  return { version: 1 };
}
