import { gsm8kShape } from "./gsm8k";
import { mathShape } from "./math";
import { pnsJsonlShape } from "./pnsJsonl";
import { trlShape } from "./trl";
import type { JsonRow, Shape, ShapeName } from "./types";

/** Every shape, in the order detection prefers them when rows match several. */
export const shapes: readonly Shape[] = [pnsJsonlShape, trlShape, mathShape, gsm8kShape];

export function shapeByName(name: string): Shape | undefined {
  return shapes.find((s) => s.name === name);
}

export interface Detection {
  shape: Shape;
  /** How many of the examined rows have this shape's fields. */
  matched: number;
  examined: number;
}

/**
 * Picks the shape most of the first rows match; ties go to the earlier shape in {@link shapes}
 * (the more specific one: a PNS JSONL row has `problem` like a MATH row, but also `samples`).
 * Returns null when no row matches any shape.
 */
export function detectShape(rows: readonly JsonRow[]): Detection | null {
  let best: Detection | null = null;
  for (const shape of shapes) {
    const matched = rows.filter((row) => shape.matches(row)).length;
    if (matched > 0 && (best === null || matched > best.matched))
      best = { shape, matched, examined: rows.length };
  }
  return best;
}

export type { ShapeName };
