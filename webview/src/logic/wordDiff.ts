/**
 * Token diff for the pair view: Myers' O(ND) algorithm on token keys, with patience anchoring
 * when two sides differ so much that Myers' trace would grow too large (unique tokens common to
 * both sides split the problem, then Myers runs in each gap). Output is a list of runs in token
 * indices: equal runs hold on both sides, `delete` only on the left, `insert` only on the right.
 */
export type DiffOp = "equal" | "delete" | "insert";

export interface DiffRun {
  op: DiffOp;
  /** Token index range on the left (empty for inserts). */
  aStart: number;
  aEnd: number;
  /** Token index range on the right (empty for deletes). */
  bStart: number;
  bEnd: number;
}

/** Largest edit distance Myers explores before falling back to patience anchors. */
const MAX_D = 1200;

class Collector {
  readonly runs: DiffRun[] = [];
  push(op: DiffOp, aStart: number, aEnd: number, bStart: number, bEnd: number): void {
    if (aEnd === aStart && bEnd === bStart) return;
    const last = this.runs[this.runs.length - 1];
    if (last && last.op === op && last.aEnd === aStart && last.bEnd === bStart) {
      last.aEnd = aEnd;
      last.bEnd = bEnd;
    } else this.runs.push({ op, aStart, aEnd, bStart, bEnd });
  }
}

/** Myers on a[aLo,aHi) × b[bLo,bHi); false when the distance exceeds MAX_D. */
function myers(
  a: string[],
  b: string[],
  aLo: number,
  aHi: number,
  bLo: number,
  bHi: number,
  out: Collector,
): boolean {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const max = Math.min(n + m, MAX_D);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])
          ? v[offset + k + 1]
          : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break outer;
      }
    }
  }
  if (found < 0) return false;
  // Walk the trace back from (n, m); trace[d] holds V before step d, indexed from k = -d - 1.
  const moves: [DiffOp, number, number][] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d];
    const at = (k: number): number => prev[k + d + 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX + (down ? 0 : 1) && y > prevY + (down ? 1 : 0)) {
      moves.push(["equal", --x, --y]);
    }
    if (down) moves.push(["insert", x, --y]);
    else moves.push(["delete", --x, y]);
  }
  while (x > 0 && y > 0) moves.push(["equal", --x, --y]);
  for (let i = moves.length - 1; i >= 0; i--) {
    const [op, mx, my] = moves[i];
    const ax = aLo + mx;
    const by = bLo + my;
    if (op === "equal") out.push("equal", ax, ax + 1, by, by + 1);
    else if (op === "delete") out.push("delete", ax, ax + 1, by, by);
    else out.push("insert", ax, ax, by, by + 1);
  }
  return true;
}

/** Tokens occurring exactly once on each side, in an order increasing on both (LIS). */
function patienceAnchors(
  a: string[],
  b: string[],
  aLo: number,
  aHi: number,
  bLo: number,
  bHi: number,
): [number, number][] {
  const count = new Map<string, [number, number, number]>();
  for (let i = aLo; i < aHi; i++) {
    const c = count.get(a[i]);
    if (c) c[0]++;
    else count.set(a[i], [1, 0, i]);
  }
  const pairs: [number, number][] = [];
  const bCount = new Map<string, number>();
  for (let j = bLo; j < bHi; j++) bCount.set(b[j], (bCount.get(b[j]) ?? 0) + 1);
  for (let j = bLo; j < bHi; j++) {
    const c = count.get(b[j]);
    if (c && c[0] === 1 && bCount.get(b[j]) === 1) pairs.push([c[2], j]);
  }
  // Longest increasing subsequence of a-indices (pairs are sorted by b-index).
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let i = 0; i < pairs.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][0] < pairs[i][0]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const chain: [number, number][] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) chain.push(pairs[i]);
  return chain.reverse();
}

function diffRange(
  a: string[],
  b: string[],
  aLo: number,
  aHi: number,
  bLo: number,
  bHi: number,
  out: Collector,
): void {
  let s = 0;
  while (aLo + s < aHi && bLo + s < bHi && a[aLo + s] === b[bLo + s]) s++;
  out.push("equal", aLo, aLo + s, bLo, bLo + s);
  aLo += s;
  bLo += s;
  let e = 0;
  while (aHi - e > aLo && bHi - e > bLo && a[aHi - e - 1] === b[bHi - e - 1]) e++;
  const suffix: [number, number] = [aHi - e, bHi - e];
  aHi -= e;
  bHi -= e;
  if (aLo === aHi || bLo === bHi) {
    out.push("delete", aLo, aHi, bLo, bLo);
    out.push("insert", aHi, aHi, bLo, bHi);
  } else if (!myers(a, b, aLo, aHi, bLo, bHi, out)) {
    const anchors = patienceAnchors(a, b, aLo, aHi, bLo, bHi);
    if (anchors.length === 0) {
      out.push("delete", aLo, aHi, bLo, bLo);
      out.push("insert", aHi, aHi, bLo, bHi);
    } else {
      let pa = aLo;
      let pb = bLo;
      for (const [ai, bi] of anchors) {
        diffRange(a, b, pa, ai, pb, bi, out);
        out.push("equal", ai, ai + 1, bi, bi + 1);
        pa = ai + 1;
        pb = bi + 1;
      }
      diffRange(a, b, pa, aHi, pb, bHi, out);
    }
  }
  out.push("equal", suffix[0], suffix[0] + e, suffix[1], suffix[1] + e);
}

/** The diff of two key sequences as maximal runs, covering both sides completely and in order. */
export function diffKeys(a: string[], b: string[]): DiffRun[] {
  const out = new Collector();
  diffRange(a, b, 0, a.length, 0, b.length, out);
  return out.runs;
}
