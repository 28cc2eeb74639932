/**
 * The pair view's model: both responses cut into pieces (words, whitespace, math atoms), each
 * marked same/changed by the token diff and tagged with the spans the panel highlights (first
 * divergent step, first false arithmetic claim, final answer). Pure: the DOM is built elsewhere.
 */
import { tokenize, type Token } from "./mathTokens";
import { diffKeys, type DiffRun } from "./wordDiff";

export type MarkerKind = "divergence" | "slip" | "answer";

export interface Marker {
  kind: MarkerKind;
  start: number;
  end: number;
}

export interface Piece {
  kind: "text" | "math";
  start: number;
  end: number;
  text: string;
  changed: boolean;
  tex?: string;
  display?: boolean;
  /** Markers overlapping this piece (a marker boundary inside a formula covers the formula). */
  markers: MarkerKind[];
}

export interface PairDiff {
  left: Piece[];
  right: Piece[];
  /** Tokens changed on each side, for the summary line. */
  stats: { deleted: number; inserted: number; same: number };
}

function changedFlags(count: number, runs: DiffRun[], side: "a" | "b"): Uint8Array {
  const flags = new Uint8Array(count);
  for (const run of runs) {
    if (run.op === "equal") continue;
    const [from, to] = side === "a" ? [run.aStart, run.aEnd] : [run.bStart, run.bEnd];
    flags.fill(1, from, to);
  }
  return flags;
}

function overlapping(markers: Marker[], start: number, end: number): MarkerKind[] {
  const kinds: MarkerKind[] = [];
  for (const m of markers) if (m.start < end && start < m.end && !kinds.includes(m.kind)) kinds.push(m.kind);
  return kinds;
}

function pieces(text: string, tokens: Token[], flags: Uint8Array, markers: Marker[]): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  tokens.forEach((token, i) => {
    if (token.start > at) {
      // Whitespace between two changed tokens belongs to the change, so a run reads as one.
      const changed = i > 0 && flags[i - 1] === 1 && flags[i] === 1;
      out.push({
        kind: "text",
        start: at,
        end: token.start,
        text: text.slice(at, token.start),
        changed,
        markers: overlapping(markers, at, token.start),
      });
    }
    const piece: Piece = {
      kind: token.kind === "math" ? "math" : "text",
      start: token.start,
      end: token.end,
      text: text.slice(token.start, token.end),
      changed: flags[i] === 1,
      markers: overlapping(markers, token.start, token.end),
    };
    if (token.kind === "math") {
      piece.tex = token.tex;
      piece.display = token.display;
    }
    out.push(piece);
    at = token.end;
  });
  if (at < text.length)
    out.push({
      kind: "text",
      start: at,
      end: text.length,
      text: text.slice(at),
      changed: false,
      markers: overlapping(markers, at, text.length),
    });
  return out;
}

export function pairDiff(
  left: string,
  right: string,
  leftMarkers: Marker[] = [],
  rightMarkers: Marker[] = [],
): PairDiff {
  const a = tokenize(left);
  const b = tokenize(right);
  const runs = diffKeys(
    a.map((t) => t.key),
    b.map((t) => t.key),
  );
  const stats = { deleted: 0, inserted: 0, same: 0 };
  for (const run of runs) {
    if (run.op === "equal") stats.same += run.aEnd - run.aStart;
    else if (run.op === "delete") stats.deleted += run.aEnd - run.aStart;
    else stats.inserted += run.bEnd - run.bStart;
  }
  return {
    left: pieces(left, a, changedFlags(a.length, runs, "a"), leftMarkers),
    right: pieces(right, b, changedFlags(b.length, runs, "b"), rightMarkers),
    stats,
  };
}

/** One text cut into pieces without a diff (problem statement, gold answer): math still atoms. */
export function plainPieces(text: string, markers: Marker[] = []): Piece[] {
  const tokens = tokenize(text);
  return pieces(text, tokens, new Uint8Array(tokens.length), markers);
}
