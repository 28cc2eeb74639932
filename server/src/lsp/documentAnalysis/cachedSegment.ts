/**
 * What the server keeps of a segment's analysis for the whole file: its findings and one summary
 * per sample (what code lenses and inlay hints show), packed into one array of numbers and one
 * array of strings instead of a few small objects per finding and per sample.
 *
 * Why packed: a 40 MB file has about 50,000 findings and 80,000 samples. As objects (each range is
 * three) they were a million small objects that the garbage collector kept copying and marking
 * while the first analysis ran, and that worker threads had to structured-clone back one by one.
 * Packed, a worker's result crosses threads as two flat arrays, and the main thread's heap holds
 * three objects per segment plus the strings. Plain arrays, not typed ones: a typed array costs a
 * buffer object and a native allocation besides its numbers, about 250 bytes twice per segment,
 * which was a quarter of a gigabyte for a file of 1,000,000 tiny problems. Objects are made on
 * demand, for the few segments a request looks at; so are a summary's display texts (made from
 * numbers and strings the analysis shares: the gold, the grader's rule). Repeated strings (the
 * same message on many problems) can be shared through a {@link StringPool}.
 */
import type { SampleReport } from "../../core/analysis/index";
import type { Range } from "../../core/format/ast";
import { COMPONENT_NAMES, type ComponentName } from "../../core/reward/components";
import { summaryLine, verdictLine, type SummaryFields } from "../breakdown";
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

/** The plain data of a {@link CachedSegment}: structured-cloneable. */
export interface PackedSegmentData {
  itemCount: number;
  summaryCount: number;
  /**
   * {@link ITEM_INTS} per item, then {@link SUMMARY_INTS} per summary, then per summary
   * {@link SUMMARY_NUMBERS}: the composite and each component's value (NaN for none).
   */
  values: number[];
  /** Per item: code, message; per summary: extracted, gold, rule. */
  strings: (string | null)[];
}

/**
 * Shares equal strings between segments (a message such as "3 words, fewer than 5" on a million
 * problems is otherwise a million strings). Bounded: when full it starts over.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(private readonly max = 4096) {}

  share(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    if (this.strings.size >= this.max) this.strings.clear();
    this.strings.set(text, text);
    return text;
  }
}

const SEVERITIES: readonly ItemSeverity[] = ["error", "warning", "info", "hint"];
const COMPONENTS: readonly ComponentName[] = COMPONENT_NAMES;
const MAX_COMPONENTS = COMPONENTS.length;

/** severity, sampleIndex (-1: none), range (6). */
const ITEM_INTS = 8;
const ITEM_STRINGS = 2;
/** sampleIndex, flags, extracted range (6), component count, component names. */
const SUMMARY_INTS = 10 + MAX_COMPONENTS;
/** The composite, then the components' values. */
const SUMMARY_NUMBERS = 1 + MAX_COMPONENTS;
const SUMMARY_STRINGS = 3;

const GRADABLE = 1;
const EQUAL = 2;
const MALFORMED = 4;
const HAS_RANGE = 8;

function putRange(ints: number[], at: number, range: Range): void {
  ints[at] = range.start.line;
  ints[at + 1] = range.start.character;
  ints[at + 2] = range.start.offset;
  ints[at + 3] = range.end.line;
  ints[at + 4] = range.end.character;
  ints[at + 5] = range.end.offset;
}

function getRange(ints: readonly number[], at: number): Range {
  return {
    start: { line: ints[at], character: ints[at + 1], offset: ints[at + 2] },
    end: { line: ints[at + 3], character: ints[at + 4], offset: ints[at + 5] },
  };
}

const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);

/** What a summary is made from: the parts of a sample report it reads. */
export type SummarySource = Pick<
  SampleReport,
  "sampleIndex" | "composite" | "components" | "malformed" | "verdict"
>;

/** Packs findings (their fixes are dropped: cached analyses never keep any) and sample reports. */
export function packSegment(
  items: readonly FindingItem[],
  reports: readonly SummarySource[],
): PackedSegmentData {
  const numbersAt = items.length * ITEM_INTS + reports.length * SUMMARY_INTS;
  // Filled in order by push, so that the array is packed (no holes) from the start.
  const ints: number[] = [];
  for (let k = 0; k < numbersAt; k++) ints.push(0);
  for (let k = 0; k < reports.length * SUMMARY_NUMBERS; k++) ints.push(Number.NaN);
  const strings: (string | null)[] = [];
  items.forEach((item, k) => {
    const at = k * ITEM_INTS;
    ints[at] = SEVERITIES.indexOf(item.severity);
    ints[at + 1] = item.sampleIndex ?? -1;
    putRange(ints, at + 2, item.range);
    strings.push(item.code, item.message);
  });
  const base = items.length * ITEM_INTS;
  reports.forEach((r, k) => {
    const at = base + k * SUMMARY_INTS;
    const v = r.verdict;
    ints[at] = r.sampleIndex;
    ints[at + 1] =
      (v.gradable ? GRADABLE : 0) |
      (v.equal ? EQUAL : 0) |
      (r.malformed ? MALFORMED : 0) |
      (v.extractedRange ? HAS_RANGE : 0);
    if (v.extractedRange) putRange(ints, at + 2, v.extractedRange);
    const components = r.components.slice(0, MAX_COMPONENTS);
    ints[at + 8] = components.length;
    ints[numbersAt + k * SUMMARY_NUMBERS] = r.composite ?? Number.NaN;
    components.forEach((c, j) => {
      ints[at + 9 + j] = COMPONENTS.indexOf(c.name);
      ints[numbersAt + k * SUMMARY_NUMBERS + 1 + j] = c.value ?? Number.NaN;
    });
    strings.push(v.extracted, v.gold, v.rule);
  });
  return { itemCount: items.length, summaryCount: reports.length, values: ints, strings };
}

/** A segment's packed findings and summaries, unpacked into objects on demand. */
export class CachedSegment {
  readonly itemCount: number;
  readonly summaryCount: number;
  private readonly values: number[];
  private readonly strings: (string | null)[];

  /** `pool`: shares this segment's strings with other segments' equal ones. */
  constructor(data: PackedSegmentData, pool?: StringPool) {
    this.itemCount = data.itemCount;
    this.summaryCount = data.summaryCount;
    this.values = data.values;
    this.strings = data.strings;
    if (pool) {
      const strings = this.strings;
      for (let k = 0; k < strings.length; k++) {
        const text = strings[k];
        if (text !== null) strings[k] = pool.share(text);
      }
    }
  }

  static of(
    items: readonly FindingItem[],
    reports: readonly SummarySource[],
    pool?: StringPool,
  ): CachedSegment {
    return new CachedSegment(packSegment(items, reports), pool);
  }

  /** The packed form, e.g. to send to another thread. */
  get packed(): PackedSegmentData {
    return {
      itemCount: this.itemCount,
      summaryCount: this.summaryCount,
      values: this.values,
      strings: this.strings,
    };
  }

  item(k: number): FindingItem {
    const { values: ints, strings } = this;
    const at = k * ITEM_INTS;
    const sampleIndex = ints[at + 1];
    return {
      code: strings[k * ITEM_STRINGS]!,
      severity: SEVERITIES[ints[at]],
      message: strings[k * ITEM_STRINGS + 1]!,
      range: getRange(ints, at + 2),
      ...(sampleIndex >= 0 ? { sampleIndex } : {}),
    };
  }

  /** Every finding, in file order (made now: callers that need a few use {@link item}). */
  get items(): FindingItem[] {
    return Array.from({ length: this.itemCount }, (_, k) => this.item(k));
  }

  summary(k: number): SampleSummary {
    const { values: ints, strings, itemCount, summaryCount } = this;
    const at = itemCount * ITEM_INTS + k * SUMMARY_INTS;
    const numbersAt = itemCount * ITEM_INTS + summaryCount * SUMMARY_INTS;
    const s = itemCount * ITEM_STRINGS + k * SUMMARY_STRINGS;
    const flags = ints[at + 1];
    const fields: SummaryFields = {
      components: Array.from({ length: ints[at + 8] }, (_, j) => ({
        name: COMPONENTS[ints[at + 9 + j]],
        value: orNull(ints[numbersAt + k * SUMMARY_NUMBERS + 1 + j]),
      })),
      malformed: (flags & MALFORMED) !== 0,
      verdict: {
        gradable: (flags & GRADABLE) !== 0,
        equal: (flags & EQUAL) !== 0,
        extracted: strings[s],
        gold: strings[s + 1]!,
        rule: strings[s + 2]!,
      },
    };
    const v = fields.verdict;
    return {
      sampleIndex: ints[at],
      composite: orNull(ints[numbersAt + k * SUMMARY_NUMBERS]),
      line: summaryLine(fields),
      extracted: v.extracted,
      ...((flags & HAS_RANGE) !== 0 ? { extractedRange: getRange(ints, at + 2) } : {}),
      mark: !v.gradable ? "?" : v.equal ? "✓" : "✗",
      verdict: verdictLine(v),
    };
  }

  get summaries(): SampleSummary[] {
    return Array.from({ length: this.summaryCount }, (_, k) => this.summary(k));
  }
}
