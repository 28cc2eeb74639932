/**
 * The custom `pns/*` requests and notifications (server/src/protocol) and the server-side
 * `pns.server.rescore` command used by code lenses and code actions.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ResponseError } from "vscode-languageserver";
import {
  ClearScoreCacheRequest,
  CompareDataRequest,
  RescoreRequest,
  SampleAtRequest,
  SetApiKeyNotification,
  type RescoreParams,
  type RescoreResult,
} from "../protocol/index";
import { openKey, takeTransportKey } from "../protocol/sealedKey";
import { currentAnalysis } from "./documentAnalysis/current";
import { RESCORE_COMMAND, type RescoreCommandArgs } from "./commands";
import type { ServerContext } from "./context";
import { clearDiskCache } from "./remote/clearDiskCache";
import { requestsOfSegment } from "./remote/requests";
import { problemView, sampleView } from "./views";

export function registerRequests(ctx: ServerContext, refresh: () => void): void {
  const { connection, documents } = ctx;
  // Keys arrive sealed with this (see protocol/sealedKey.ts); without it none can be opened.
  const transportKey = takeTransportKey(process.env);

  async function rescore(
    params: RescoreParams & { problemId?: string; sampleIndex?: number },
  ): Promise<RescoreResult> {
    const document = documents.get(params.uri);
    if (!document) throw new ResponseError(-32602, `document not open: ${params.uri}`);
    let indices: number[];
    if (params.problemId !== undefined) {
      const found = document.findProblem(params.problemId);
      indices = found ? [found.index] : [];
    } else if (params.range) {
      const first = document.text.indexAtLine(params.range.start.line);
      const last = document.text.indexAtLine(params.range.end.line);
      indices = Array.from({ length: last - first + 1 }, (_, k) => first + k);
    } else {
      indices = document.segments.map((_, k) => k);
    }
    const settings = await ctx.settings.get(document.uri);
    let samples = 0;
    const requests = [];
    const analysis = ctx.analyses.of(document);
    for (const index of indices) {
      analysis.forget(index);
      for (const request of requestsOfSegment(document, index)) {
        if (params.sampleIndex !== undefined && request.sampleIndex !== params.sampleIndex) continue;
        samples++;
        if (params.force) ctx.remote.store.delete(request);
        requests.push(request);
      }
    }
    const queued = ctx.remote.enqueue(document, settings, requests, true);
    analysis.remoteRevision++;
    refresh();
    return { samples, queued };
  }

  connection.onRequest(RescoreRequest, (params) => rescore(params));
  connection.onExecuteCommand(async (params) => {
    if (params.command !== RESCORE_COMMAND)
      throw new ResponseError(-32601, `unknown command ${params.command}`);
    const args = params.arguments?.[0] as RescoreCommandArgs | undefined;
    if (!args?.uri)
      throw new ResponseError(-32602, `${RESCORE_COMMAND} needs { uri, problemId?, sampleIndex? }`);
    return rescore({ ...args, force: true });
  });

  connection.onRequest(ClearScoreCacheRequest, async () => {
    let cleared = ctx.remote.clear();
    const dirs = new Set<string>();
    for (const folder of ctx.workspaceFolders) {
      if (!folder.startsWith("file:")) continue;
      const settings = await ctx.settings.get(folder);
      dirs.add(path.resolve(fileURLToPath(folder), settings.engine.cacheDir));
    }
    for (const dir of dirs) cleared += await clearDiskCache(dir);
    for (const document of documents.all()) {
      const analysis = ctx.analyses.of(document);
      document.segments.forEach((_, index) => analysis.forget(index));
      analysis.remoteRevision++;
    }
    refresh();
    return { cleared };
  });

  connection.onNotification(SetApiKeyNotification, (params) => {
    if (!ctx.trusted) return;
    if (params.sealedKey === null) {
      ctx.remote.setApiKey(params.target, null);
      return;
    }
    const key = transportKey ? openKey(params.sealedKey, transportKey) : undefined;
    if (key === undefined) {
      connection.console.warn(
        `pns: ignoring the ${params.target} key: it was not sealed for this server session`,
      );
      return;
    }
    ctx.remote.setApiKey(params.target, key, params.approvedOrigins);
  });

  connection.onRequest(SampleAtRequest, async (params) => {
    const document = documents.get(params.uri);
    const at = document?.problemAtLine(params.position.line);
    if (!document || !at) return null;
    const analysis = await currentAnalysis(ctx, document);
    const base = at.segment.startLine;
    const reports = analysis.segment(at.index).samples;
    const hit = document.sampleAtLine(params.position.line);
    return {
      problem: problemView(document.uri, at.problem, base),
      sample: hit
        ? sampleView(document.uri, at.problem, hit.sampleIndex, base, reports[hit.sampleIndex])
        : null,
    };
  });

  connection.onRequest(CompareDataRequest, async (params) => {
    const document = documents.get(params.uri);
    const found = document?.findProblem(params.problemId);
    if (!document || !found) return null;
    const { problem, index, segment } = found;
    const withIndex = params.withIndex ?? problem.samples.findIndex((s) => s.role === "positive");
    if (withIndex < 0 || !problem.samples[params.sampleIndex] || !problem.samples[withIndex]) return null;
    const reports = (await currentAnalysis(ctx, document)).segment(index).samples;
    const base = segment.startLine;
    return {
      problem: problemView(document.uri, problem, base),
      left: sampleView(document.uri, problem, withIndex, base, reports[withIndex]),
      right: sampleView(document.uri, problem, params.sampleIndex, base, reports[params.sampleIndex]),
    };
  });
}
