/**
 * A segment too long to analyse (document/limits.ts) gets one `too-long-to-analyse` finding
 * instead of its analysis; `pns lint` still reports everything. An edit in a line of megabytes
 * then costs a line scan, not minutes of analysis.
 */
import { MAX_ANALYSED_CHARS } from "../document/limits";
import { CachedSegment } from "./cachedSegment";

export { isTooLongToAnalyse } from "../document/limits";

/** The cached analysis of a segment that is too long to analyse: one finding on its first line. */
export function tooLongToAnalyse(text: string): CachedSegment {
  const megabytes = (text.length / 1e6).toFixed(1);
  const at = { line: 0, character: 0, offset: 0 };
  return CachedSegment.of(
    [
      {
        code: "too-long-to-analyse",
        severity: "warning",
        message: `This problem is too long to analyse in the editor: ${megabytes} million characters, more than the ${MAX_ANALYSED_CHARS / 1e6} million analysed here. Its findings are not shown; \`pns lint\` reports them.`,
        range: { start: at, end: at },
      },
    ],
    [],
  );
}
