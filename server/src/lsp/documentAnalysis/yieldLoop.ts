/**
 * Runs per-segment work over a document in slices of a few milliseconds, yielding to the event
 * loop between slices so that edits, hovers and cancellations are handled while a 40 MB file is
 * analysed. Edits during the loop are fine: work is per segment and idempotent, and the loop
 * re-scans from the start (skipping finished segments quickly) when the segment array changed.
 */
import type { CancellationToken } from "vscode-languageserver";
import type { PnsDocument } from "../document/pnsDocument";

const SLICE_MS = 12;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Calls `work(i)` for every segment index where `needed(i)`; resolves false when cancelled.
 * `needed` must become false once `work` ran for the segment's current text.
 */
export async function forEachSegment(
  document: PnsDocument,
  needed: (index: number) => boolean,
  work: (index: number) => void,
  token?: CancellationToken,
): Promise<boolean> {
  let generation = document.text.generation;
  let index = 0;
  let sliceStart = performance.now();
  while (index < document.segments.length) {
    if (needed(index)) work(index);
    index++;
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop();
      if (token?.isCancellationRequested) return false;
      if (document.text.generation !== generation) {
        generation = document.text.generation;
        index = 0;
      }
      sliceStart = performance.now();
    }
  }
  return true;
}
