/**
 * The segmented text of one open `.pns` document: the heart of keeping edits fast on 40 MB files.
 *
 * The document is held as an array of segments (header, then one per problem, see segmenter.ts).
 * An edit replaces the text of the segments it touches plus one neighbour on each side (an edit can
 * create, remove or move a problem boundary next to it), re-splits just that region, and shifts the
 * offsets and first lines of the segments after it (a loop over numbers, no text copied). Each
 * segment's parse and analysis are computed lazily, relative to the segment, and reused when a
 * re-split piece has the same text as before. Nothing here ever copies the whole document.
 */
import { countLineBreaks, splitSegments, splitSegmentsCounted } from "./segmenter";

/** One header or problem segment. `T` is the lazily computed per-segment state. */
export interface Segment<T> {
  text: string;
  /** Absolute UTF-16 offset of the first character. */
  start: number;
  /** Absolute zero-based line of the first character. */
  startLine: number;
  /** Number of `\n` in `text`. */
  lineBreaks: number;
  /** How many of those are `\r\n` (the file-level `mixed-eol` check sums them). */
  crlfBreaks: number;
  /** Parse/analysis state for exactly this text; undefined until computed. */
  state: T | undefined;
}

/** Result of {@link SegmentedText.applyEdit}: which segment indices were replaced. */
export interface SpliceInfo<T> {
  /** First index of the new segments. */
  from: number;
  /** Number of segments that replaced the old ones. */
  count: number;
  /** Number of old segments removed. */
  removed: number;
  /** The removed segments themselves (for bookkeeping that counts per segment). */
  removedSegments: Segment<T>[];
}

export class SegmentedText<T> {
  segments: Segment<T>[] = [];
  /** Bumped on every edit: lets caches of derived data notice staleness cheaply. */
  generation = 0;
  /**
   * Bumped only when the sequence of problem boundaries or `@problem` lines may have changed: an
   * edit inside a body keeps it, so indexes of problem ids survive ordinary typing.
   */
  structureGeneration = 0;
  /** Line ends of the whole text, kept up to date by every edit (no walk over the segments). */
  readonly lineEnds = { lf: 0, crlf: 0 };

  constructor(text: string) {
    this.reset(text);
  }

  reset(text: string): void {
    this.structureGeneration++;
    this.segments = [];
    let start = 0;
    let line = 0;
    this.lineEnds.lf = 0;
    this.lineEnds.crlf = 0;
    const { pieces, lineBreaks: counts, crlf } = splitSegmentsCounted(text);
    for (let k = 0; k < pieces.length; k++) {
      const piece = pieces[k];
      const lineBreaks = counts[k];
      this.segments.push({
        text: piece,
        start,
        startLine: line,
        lineBreaks,
        crlfBreaks: crlf[k],
        state: undefined,
      });
      this.count(lineBreaks, crlf[k]);
      start += piece.length;
      line += lineBreaks;
    }
    this.generation++;
  }

  private count(lineBreaks: number, crlf: number, sign = 1): void {
    this.lineEnds.lf += sign * (lineBreaks - crlf);
    this.lineEnds.crlf += sign * crlf;
  }

  get length(): number {
    const last = this.segments[this.segments.length - 1];
    return last ? last.start + last.text.length : 0;
  }

  /** Index of the segment holding `offset` (the last one for the end of the text). */
  indexAtOffset(offset: number): number {
    return this.search((s) => s.start <= offset);
  }

  /** Index of this very segment object, or -1 when an edit has replaced it. */
  indexOf(segment: Segment<T>): number {
    // Empty segments share their start with the next one: step back over those.
    for (let i = this.indexAtOffset(segment.start); i >= 0; i--) {
      const s = this.segments[i];
      if (s === segment) return i;
      if (s.start !== segment.start) break;
    }
    return -1;
  }

  /** Index of the segment holding zero-based `line`. */
  indexAtLine(line: number): number {
    return this.search((s) => s.startLine <= line);
  }

  /** Largest index whose segment satisfies the monotone predicate (segment 0 always counts). */
  private search(before: (segment: Segment<T>) => boolean): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (before(this.segments[mid])) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Replaces `[from, to)` (absolute offsets in the current text) with `text`. Only the touched
   * region is re-split; states of re-split pieces whose text is unchanged are kept.
   */
  applyEdit(from: number, to: number, text: string): SpliceInfo<T> {
    const segments = this.segments;
    const first = this.indexAtOffset(from);
    const last = this.indexAtOffset(to);
    const lo = Math.max(0, first - 1);
    const hi = Math.min(segments.length - 1, last + 1);
    const regionStart = segments[lo].start;
    const old = segments.slice(lo, hi + 1);
    // Cut the segments holding `from` and `to`, not their concatenation: slicing a joined text
    // flattens it, one more copy of a segment of megabytes per keystroke.
    let before = "";
    let after = "";
    for (const s of old) {
      const end = s.start + s.text.length;
      if (end <= from) before += s.text;
      else if (s.start < from) before += s.text.slice(0, from - s.start);
      if (s.start >= to) after += s.text;
      else if (end > to) after += s.text.slice(to - s.start);
    }
    const newText = before + text + after;

    let pieces = splitSegments(newText);
    // Outside the header, the region starts on a problem boundary, so its first piece is empty.
    if (lo > 0 && pieces[0] === "") pieces = pieces.slice(1);
    else if (lo > 0) {
      // The boundary vanished (cannot happen for edits inside the region, but stay correct):
      // merge into the previous segment by re-splitting from the start of the text.
      return this.resplitAll(from, to, text);
    }

    const reusable = new Map<string, T>();
    for (const s of old) if (s.state !== undefined) reusable.set(s.text, s.state);
    let start = regionStart;
    let line = segments[lo].startLine;
    const fresh: Segment<T>[] = pieces.map((piece) => {
      const { lineBreaks, crlf } = countLineBreaks(piece);
      const segment: Segment<T> = {
        text: piece,
        start,
        startLine: line,
        lineBreaks,
        crlfBreaks: crlf,
        state: reusable.get(piece),
      };
      this.count(lineBreaks, crlf);
      start += piece.length;
      line += lineBreaks;
      return segment;
    });

    const oldEnd = old[old.length - 1];
    const offsetDelta = start - (oldEnd.start + oldEnd.text.length);
    const lineDelta = line - (oldEnd.startLine + oldEnd.lineBreaks);
    for (let i = hi + 1; i < segments.length; i++) {
      const s = segments[i];
      s.start += offsetDelta;
      s.startLine += lineDelta;
    }
    if (
      fresh.length !== old.length ||
      fresh.some((s, i) => problemLine(s.text) !== problemLine(old[i].text))
    ) {
      this.structureGeneration++;
    }
    for (const s of old) this.count(s.lineBreaks, s.crlfBreaks, -1);
    segments.splice(lo, old.length, ...fresh);
    this.generation++;
    return { from: lo, count: fresh.length, removed: old.length, removedSegments: old };
  }

  private resplitAll(from: number, to: number, text: string): SpliceInfo<T> {
    const all = this.segments.map((s) => s.text).join("");
    const old = this.segments;
    this.reset(all.slice(0, from) + text + all.slice(to));
    return { from: 0, count: this.segments.length, removed: old.length, removedSegments: old };
  }

  /**
   * Absolute offset of an LSP position (zero-based line, UTF-16 character). Lines past the end
   * clamp to the end of the text, characters past the end of a line clamp to the line end.
   */
  offsetAt(line: number, character: number): number {
    const segment = this.segments[this.indexAtLine(line)];
    const text = segment.text;
    let lineStart = 0;
    for (let l = segment.startLine; l < line; l++) {
      const nl = text.indexOf("\n", lineStart);
      if (nl === -1) return segment.start + text.length;
      lineStart = nl + 1;
    }
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    return segment.start + Math.min(lineStart + Math.max(0, character), lineEnd);
  }

  /** The text of one line, without its line end (empty past the end). */
  lineText(line: number): string {
    const segment = this.segments[this.indexAtLine(line)];
    const text = segment.text;
    let lineStart = 0;
    for (let l = segment.startLine; l < line; l++) {
      const nl = text.indexOf("\n", lineStart);
      if (nl === -1) return "";
      lineStart = nl + 1;
    }
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    return text.slice(lineStart, lineEnd);
  }

  /** The whole text (joins every segment: O(size); for formatting and tests, not per keystroke). */
  getText(): string {
    return this.segments.map((s) => s.text).join("");
  }
}

/** The `@problem …` line of a segment (after its leading comments), or "" for the header. */
function problemLine(text: string): string {
  const start = text.startsWith("@problem") ? 0 : text.indexOf("\n@problem") + 1;
  if (start === 0 && !text.startsWith("@problem")) return "";
  const end = text.indexOf("\n", start);
  return text.slice(start, end === -1 ? text.length : end);
}
