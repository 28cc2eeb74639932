/**
 * What the server keeps of a segment's analysis for the whole file: its findings and one summary
 * per sample (what code lenses and inlay hints show), packed into two typed arrays and one array
 * of strings instead of a few small objects per finding and per sample.
 *
 * Why packed: a 40 MB file has about 50,000 findings and 80,000 samples. As objects (each range is
 * three) they were a million small objects that the garbage collector kept copying and marking
 * while the first analysis ran, and that worker threads had to structured-clone back one by one.
 * Packed, a worker's result crosses threads as two transferred buffers and a flat string array,
 * and the main thread's heap holds three objects per segment plus the message strings. Objects are
 * made on demand, for the few segments a request looks at.
 */
import type { Range } from "../../core/format/ast";
import type { FindingItem, ItemSeverity } from "./findings";

/** What code lenses and inlay hints show of a sample. */
export interface SampleSummary {
  sampleIndex: number;
  composite: number | null;
  /** `format ✓ · answer ≠ (62 ≠ 72) · …` */
  line: string;
  extracted: string | null;
  extractedRange?: Range;
  mark: "✓" | "✗" | "?";
  /** `differs from the gold \`72\` (exact-rational)` */
  verdict: string;
}

/** The plain data of a {@link CachedSegment}: structured-cloneable, its buffers transferable. */
export interface PackedSegmentData {
  itemCount: number;
  summaryCount: number;
  /** {@link ITEM_INTS} per item, then {@link SUMMARY_INTS} per summary. */
  ints: Int32Array<ArrayBuffer>;
  /** Each summary's composite (NaN for none). */
  composites: Float64Array<ArrayBuffer>;
  /** Per item: code, message; per summary: line, extracted, verdict. */
  strings: (string | null)[];
}

const SEVERITIES: readonly ItemSeverity[] = ["error", "warning", "info", "hint"];
const MARKS: readonly SampleSummary["mark"][] = ["✓", "✗", "?"];

/** severity, sampleIndex (-1: none), range (6). */
const ITEM_INTS = 8;
/** sampleIndex, mark, has extracted range, range (6). */
const SUMMARY_INTS = 9;
const ITEM_STRINGS = 2;
const SUMMARY_STRINGS = 3;

const NO_FIXES: FindingItem["fixes"] = Object.freeze([]);

function putRange(ints: Int32Array, at: number, range: Range): void {
  ints[at] = range.start.line;
  ints[at + 1] = range.start.character;
  ints[at + 2] = range.start.offset;
  ints[at + 3] = range.end.line;
  ints[at + 4] = range.end.character;
  ints[at + 5] = range.end.offset;
}

function getRange(ints: Int32Array, at: number): Range {
  return {
    start: { line: ints[at], character: ints[at + 1], offset: ints[at + 2] },
    end: { line: ints[at + 3], character: ints[at + 4], offset: ints[at + 5] },
  };
}

/** Packs findings (their fixes are dropped: cached analyses never keep any) and summaries. */
export function packSegment(
  items: readonly FindingItem[],
  summaries: readonly SampleSummary[],
): PackedSegmentData {
  const ints = new Int32Array(items.length * ITEM_INTS + summaries.length * SUMMARY_INTS);
  const composites = new Float64Array(summaries.length);
  const strings: (string | null)[] = [];
  items.forEach((item, k) => {
    const at = k * ITEM_INTS;
    ints[at] = SEVERITIES.indexOf(item.severity);
    ints[at + 1] = item.sampleIndex ?? -1;
    putRange(ints, at + 2, item.range);
    strings.push(item.code, item.message);
  });
  const base = items.length * ITEM_INTS;
  summaries.forEach((s, k) => {
    const at = base + k * SUMMARY_INTS;
    ints[at] = s.sampleIndex;
    ints[at + 1] = MARKS.indexOf(s.mark);
    ints[at + 2] = s.extractedRange ? 1 : 0;
    if (s.extractedRange) putRange(ints, at + 3, s.extractedRange);
    composites[k] = s.composite ?? Number.NaN;
    strings.push(s.line, s.extracted, s.verdict);
  });
  return { itemCount: items.length, summaryCount: summaries.length, ints, composites, strings };
}

/** A segment's packed findings and summaries, unpacked into objects on demand. */
export class CachedSegment {
  constructor(private readonly data: PackedSegmentData) {}

  static of(items: readonly FindingItem[], summaries: readonly SampleSummary[]): CachedSegment {
    return new CachedSegment(packSegment(items, summaries));
  }

  /** The packed form, e.g. to send to another thread. */
  get packed(): PackedSegmentData {
    return this.data;
  }

  get itemCount(): number {
    return this.data.itemCount;
  }

  item(k: number): FindingItem {
    const { ints, strings } = this.data;
    const at = k * ITEM_INTS;
    const sampleIndex = ints[at + 1];
    return {
      code: strings[k * ITEM_STRINGS]!,
      severity: SEVERITIES[ints[at]],
      message: strings[k * ITEM_STRINGS + 1]!,
      range: getRange(ints, at + 2),
      ...(sampleIndex >= 0 ? { sampleIndex } : {}),
      fixes: NO_FIXES,
    };
  }

  /** Every finding, in file order (made now: callers that need a few use {@link item}). */
  get items(): FindingItem[] {
    return Array.from({ length: this.data.itemCount }, (_, k) => this.item(k));
  }

  summary(k: number): SampleSummary {
    const { ints, strings, composites, itemCount } = this.data;
    const at = itemCount * ITEM_INTS + k * SUMMARY_INTS;
    const s = itemCount * ITEM_STRINGS + k * SUMMARY_STRINGS;
    const composite = composites[k];
    return {
      sampleIndex: ints[at],
      composite: Number.isNaN(composite) ? null : composite,
      line: strings[s]!,
      extracted: strings[s + 1],
      ...(ints[at + 2] === 1 ? { extractedRange: getRange(ints, at + 3) } : {}),
      mark: MARKS[ints[at + 1]],
      verdict: strings[s + 2]!,
    };
  }

  get summaries(): SampleSummary[] {
    return Array.from({ length: this.data.summaryCount }, (_, k) => this.summary(k));
  }
}
