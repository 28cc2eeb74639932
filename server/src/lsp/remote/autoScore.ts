/**
 * When remote scoring starts by itself (`pns.remote.autoScore`): `edited` queues the samples of
 * the problems you edit once typing pauses; `all` queues every sample of a document when it opens
 * (and again after the settings change); `off` waits for the Re-score commands.
 */
import type { ServerContext } from "../context";
import type { PnsDocument } from "../document/pnsDocument";
import type { Debouncer } from "../scheduler";
import { requestsOfSegment } from "./requests";

/** Typing pause before edited samples are sent to the endpoints (they cost money). */
const EDIT_PAUSE_MS = 1500;

export function registerAutoScore(
  ctx: ServerContext,
  scheduler: Debouncer,
): { queueAll(document: PnsDocument): Promise<void> } {
  const opened = new Set<string>();

  async function queueAll(document: PnsDocument): Promise<void> {
    const settings = await ctx.settings.get(document.uri);
    if (settings.editor.remote.autoScore !== "all" || !ctx.remote.enabled(settings)) return;
    const requests = document.segments.flatMap((_, index) => requestsOfSegment(document, index));
    ctx.remote.enqueue(document, settings, requests);
  }

  ctx.documents.onDidChange((document) => {
    ctx.remote.textChanged(document);
    if (!opened.has(document.uri)) {
      opened.add(document.uri);
      void queueAll(document);
      return;
    }
    scheduler.schedule(`autoscore:${document.uri}`, EDIT_PAUSE_MS, async () => {
      const settings = await ctx.settings.get(document.uri);
      if (settings.editor.remote.autoScore === "off" || !ctx.remote.enabled(settings)) return;
      const requests = [];
      for (const segment of document.recentlyEdited) {
        const index = document.text.indexAtOffset(segment.start);
        if (document.segments[index] === segment) requests.push(...requestsOfSegment(document, index));
      }
      ctx.remote.enqueue(document, settings, requests, true);
    });
  });
  ctx.documents.onDidClose((uri) => {
    opened.delete(uri);
    scheduler.cancel(`autoscore:${uri}`);
    ctx.remote.documentClosed(uri);
  });
  return { queueAll };
}
