/**
 * One open `.pns` document: its segmented text (see segments.ts) and, per segment, the parse and
 * the analysis computed lazily for exactly that text. Everything the features need goes through
 * here: "the problem at this line", "every parsed segment", "has anything changed".
 */
import type { Problem, Sample } from "../../core/format/ast";
import { readableText } from "./limits";
import { parseSegment, type ParsedSegment } from "./parseSegment";
import { SegmentedText, type Segment } from "./segments";

/**
 * Per-segment state, valid while the segment is parsed the same way (`key`: last segment or not,
 * header, holding the file's first line). The analysis of a segment is kept by its owner
 * (documentAnalysis/documentAnalysis.ts), keyed by this object: a state replaced is an analysis gone.
 */
export interface SegmentState {
  key: number;
  /**
   * The parse, made on first use and kept while it is among the trees used last (see
   * {@link PARSE_TREE_BYTES}). A segment analysed by a worker thread has none until a feature
   * needs one: the main thread does not parse what only the diagnostics needed.
   */
  parsed?: ParsedSegment;
  /** The problem ids of the segment when known without a parse (from a worker, or a tree let go). */
  problemIds?: readonly string[];
}

/**
 * Estimated bytes of parse trees a document keeps (the trees used least recently go first, their
 * problem ids stay). A tree is many small objects: a problem of one short sample parses to about
 * 2 KB, so 1,000,000 of them kept were 2 GB of heap and the server ran out of memory; a 40 MB
 * file of ordinary problems (about 50 MB by this estimate) keeps every tree as before.
 */
export const PARSE_TREE_BYTES = 64 * 1024 * 1024;

/** The estimate: a fixed cost per tree (its objects) and the text its strings are slices of. */
const treeBytes = (text: string): number => 1024 + text.length;

export type PnsSegment = Segment<SegmentState>;

/**
 * What an edit (or a new segment state) changed, for bookkeeping kept per segment: `reset` when
 * the whole text was replaced; else the segments whose state may be new (edited, re-split,
 * re-parsed, or first or last now) and the segments removed.
 */
export type SegmentsChange =
  { reset: true } | { reset: false; changed: readonly PnsSegment[]; removed: readonly PnsSegment[] };

export interface IdIndex {
  /** Segment index of each id's first definition. */
  first: Map<string, number>;
  /** Later definitions of an id (segment index and id), in file order. */
  duplicates: { index: number; id: string }[];
}

export interface ProblemAt {
  segment: PnsSegment;
  index: number;
  problem: Problem;
}

export interface SampleAt extends ProblemAt {
  sample: Sample;
  sampleIndex: number;
}

export class PnsDocument {
  readonly text: SegmentedText<SegmentState>;
  /** Segments edited most recently (newest last): their findings are never cut by the cap. */
  readonly recentlyEdited: PnsSegment[] = [];
  private readonly listeners: ((change: SegmentsChange) => void)[] = [];
  /** States holding a parse, least recently used first, with the estimated bytes of each. */
  private readonly trees = new Map<SegmentState, number>();
  private treesBytes = 0;

  constructor(
    readonly uri: string,
    public version: number,
    text: string,
    /** Estimated bytes of parse trees kept (tests make it small). */
    private readonly parseTreeBytes = PARSE_TREE_BYTES,
  ) {
    this.text = new SegmentedText<SegmentState>(text);
  }

  get segments(): PnsSegment[] {
    return this.text.segments;
  }

  /** Tells `listener` after every change of the segments (see {@link SegmentsChange}). */
  onSegmentsChanged(listener: (change: SegmentsChange) => void): void {
    this.listeners.push(listener);
  }

  private emit(change: SegmentsChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /** Applies one LSP content change (a full replacement when `range` is absent). */
  applyChange(change: {
    range?: { start: { line: number; character: number }; end: { line: number; character: number } };
    text: string;
  }): void {
    if (!change.range) {
      this.text.reset(change.text);
      this.trees.clear();
      this.treesBytes = 0;
      this.recentlyEdited.length = 0;
      this.emit({ reset: true });
      return;
    }
    const from = this.text.offsetAt(change.range.start.line, change.range.start.character);
    const to = this.text.offsetAt(change.range.end.line, change.range.end.character);
    const splice = this.text.applyEdit(from, Math.max(from, to), change.text);
    // A replaced segment's tree is gone with it (unless a re-split piece kept the same state).
    const kept = new Set<SegmentState | undefined>();
    for (let i = splice.from; i < splice.from + splice.count; i++) kept.add(this.segments[i].state);
    for (const segment of splice.removedSegments)
      if (segment.state && !kept.has(segment.state)) this.dropTree(segment.state);
    const changed: PnsSegment[] = [];
    for (let i = splice.from; i < splice.from + splice.count; i++) {
      const segment = this.segments[i];
      if (segment.state === undefined) this.noteEdited(segment);
      changed.push(segment);
    }
    // The first and last segments are parsed differently (header, end of file): an edit can
    // change which segment is last without touching it.
    changed.push(this.segments[0], this.segments[this.segments.length - 1]);
    this.emit({ reset: false, changed, removed: splice.removedSegments });
  }

  /** Says that a segment's state is new (a parse or a worker's ids replaced a stale one). */
  private stateReplaced(segment: PnsSegment): void {
    if (this.listeners.length > 0) this.emit({ reset: false, changed: [segment], removed: [] });
  }

  private noteEdited(segment: PnsSegment): void {
    const recent = this.recentlyEdited;
    // Segments an edit replaced go: each holds its text, and typing in a problem of megabytes
    // replaces it on every keystroke (32 old copies of a 40 MB line were 1.3 GB).
    for (let k = recent.length - 1; k >= 0; k--) if (this.text.indexOf(recent[k]) < 0) recent.splice(k, 1);
    recent.push(segment);
    if (recent.length > 32) recent.splice(0, recent.length - 32);
  }

  /** The state of segment `index` if it is still valid (parsed the way it would be now). */
  stateOf(index: number): SegmentState | undefined {
    const state = this.segments[index].state;
    return state?.key === this.parseKey(index) ? state : undefined;
  }

  /** The parse of segment `index`, computed now if needed (keeping a valid analysis). */
  parsed(index: number): ParsedSegment {
    const segment = this.segments[index];
    const state = this.stateOf(index);
    if (state?.parsed) {
      // Used now: to the end of the least-recently-used order.
      const bytes = this.trees.get(state);
      if (bytes !== undefined) {
        this.trees.delete(state);
        this.trees.set(state, bytes);
      }
      return state.parsed;
    }
    const text = readableText(segment.text);
    const parsed = parseSegment(text, index === 0, this.isLast(index), this.holdsFirstLine(index));
    let holder = state;
    if (holder) holder.parsed = parsed;
    else {
      // A state made for another key (the segment became last, or first) is stale.
      if (segment.state) this.dropTree(segment.state);
      holder = { key: this.parseKey(index), parsed };
      segment.state = holder;
      this.stateReplaced(segment);
    }
    this.keepTree(holder, treeBytes(text));
    return parsed;
  }

  /** Counts a new tree in, and lets the least recently used go while there are too many. */
  private keepTree(state: SegmentState, bytes: number): void {
    this.trees.set(state, bytes);
    this.treesBytes += bytes;
    for (const [old] of this.trees) {
      if (this.treesBytes <= this.parseTreeBytes || old === state) break;
      // Its ids stay: the id index and the file checks need them without a parse.
      old.problemIds = old.parsed!.problems.map((p) => p.id);
      this.dropTree(old);
    }
  }

  private dropTree(state: SegmentState): void {
    const bytes = this.trees.get(state);
    if (bytes === undefined) return;
    this.trees.delete(state);
    this.treesBytes -= bytes;
    state.parsed = undefined;
  }

  /**
   * The valid state of segment `index`, made without parsing when it has none: `problemIds` (from
   * a worker thread that parsed the same text) stand in for the parse in the id index.
   */
  stateFor(index: number, problemIds: readonly string[]): SegmentState {
    const state = this.stateOf(index);
    if (state) return state;
    const segment = this.segments[index];
    if (segment.state) this.dropTree(segment.state);
    const fresh: SegmentState = { key: this.parseKey(index), problemIds };
    segment.state = fresh;
    this.stateReplaced(segment);
    return fresh;
  }

  /** The problem ids of segment `index` (without parsing it when a worker said what they are). */
  problemIds(index: number): readonly string[] {
    const state = this.stateOf(index);
    if (!state?.parsed && state?.problemIds) return state.problemIds;
    return this.parsed(index).problems.map((p) => p.id);
  }

  private isLast(index: number): boolean {
    return index === this.segments.length - 1;
  }

  /** A file without a header text starts in the first problem's segment (see parseSegment). */
  private holdsFirstLine(index: number): boolean {
    return index === 0 || (index === 1 && this.segments[0].text === "");
  }

  /** How segment `index` is parsed now: a state made for another key is stale. */
  private parseKey(index: number): number {
    return (this.isLast(index) ? 1 : 0) | (index === 0 ? 2 : 0) | (this.holdsFirstLine(index) ? 4 : 0);
  }

  /** The problem whose segment holds `line`, if that segment has one. */
  problemAtLine(line: number): ProblemAt | undefined {
    const index = this.text.indexAtLine(line);
    const problem = this.parsed(index).problems[0];
    if (!problem) return undefined;
    return { segment: this.segments[index], index, problem };
  }

  /** The sample whose range holds `line`. */
  sampleAtLine(line: number): SampleAt | undefined {
    const at = this.problemAtLine(line);
    if (!at) return undefined;
    const rel = line - at.segment.startLine;
    const sampleIndex = at.problem.samples.findIndex(
      (s) => s.range.start.line <= rel && rel <= lastLine(s.range),
    );
    if (sampleIndex < 0) return undefined;
    return { ...at, sample: at.problem.samples[sampleIndex], sampleIndex };
  }

  private ids: (IdIndex & { generation: number }) | undefined;

  /**
   * Where each problem id is first defined, and the later definitions. Rebuilt only when an edit
   * touched a `@problem` line or moved a problem boundary, not while typing inside bodies.
   */
  idIndex(): IdIndex {
    if (this.ids?.generation !== this.text.structureGeneration) {
      const first = new Map<string, number>();
      const duplicates: IdIndex["duplicates"] = [];
      for (let index = 0; index < this.segments.length; index++) {
        for (const id of this.problemIds(index)) {
          if (!id) continue;
          if (first.has(id)) duplicates.push({ index, id });
          else first.set(id, index);
        }
      }
      this.ids = { generation: this.text.structureGeneration, first, duplicates };
    }
    return this.ids;
  }

  /** The first definition of a problem id. */
  findProblem(id: string): ProblemAt | undefined {
    const index = this.idIndex().first.get(id);
    if (index === undefined) return undefined;
    const problem = this.parsed(index).problems.find((p) => p.id === id);
    return problem ? { segment: this.segments[index], index, problem } : undefined;
  }

  getText(): string {
    return this.text.getText();
  }
}

/** Last line a range covers: a range ending at character 0 of a line does not cover that line. */
export function lastLine(range: {
  start: { line: number };
  end: { line: number; character: number };
}): number {
  return range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
}
