/**
 * Background scoring of the remote components (reward model, LLM judge) for open documents.
 *
 * Requests wait in one queue (edited samples first) and go to the scoring service in small
 * batches, reported with `$/progress` work-done progress and `pns/scoringProgress` for the status
 * bar. A batch is aborted when the text it scores changes; every request is re-checked against
 * the document before it is sent. Results land in the {@link RemoteScoreStore}, and the owner is
 * told which problems to re-analyse. Nothing runs in an untrusted workspace.
 */
import { fileURLToPath } from "node:url";
import type { WorkDoneProgressServerReporter } from "vscode-languageserver";
import type { RemoteComponentName, RemoteScorer, RemoteScoreRequest } from "../../core/reward/remote";
import type { ApiKeyTarget, EndpointHealth, ScoringProgressParams } from "../../protocol/index";
import { componentOfApi } from "../../core/reward/components";
import { createScoring } from "../../scoring/createScoring";
import type { PnsDocument } from "../document/pnsDocument";
import { folderOf } from "../settings/projectConfig";
import type { EffectiveSettings } from "../settings/effective";
import { stillCurrent } from "./requests";
import { RemoteScoreStore } from "./store";

const BATCH = 16;

interface Queued {
  uri: string;
  request: RemoteScoreRequest;
}

/** What remote scoring needs from the server: no more (it never sees the features or the analysis). */
export interface RemoteScoringHost {
  /** False in an untrusted workspace: nothing is sent. */
  trusted(): boolean;
  /** `file:` URIs of the workspace folders (where each document's disk cache lives). */
  workspaceFolders(): readonly string[];
  document(uri: string): PnsDocument | undefined;
  settings(uri: string): Promise<EffectiveSettings>;
  warn(message: string): void;
  /** A work-done progress in the client, or undefined when it has none. */
  createProgress(): Promise<WorkDoneProgressServerReporter> | undefined;
  /** `pns/scoringProgress` for the status bar. */
  sendProgress(params: ScoringProgressParams): void;
  /** `pns/approveKeyHost`: asks the user before a stored key goes to a host it has not gone to. */
  approveKeyHost(target: ApiKeyTarget, origin: string): Promise<{ approved: boolean }>;
}

interface ScorerEntry {
  scorer: RemoteScorer;
  endpoints: EndpointHealth[];
}

export class RemoteScoring {
  readonly store = new RemoteScoreStore();
  private queue: Queued[] = [];
  private running = false;
  private inFlight: { items: Queued[]; abort: AbortController } | undefined;
  private readonly scorers = new Map<string, ScorerEntry>();
  private readonly secrets = new Map<ApiKeyTarget, string>();
  /** Per key, the endpoint origins the user approved; a stored key goes nowhere else. */
  private readonly approved = new Map<ApiKeyTarget, Set<string>>();
  /** Origins the user declined (or could not be asked about) in this session: asked once. */
  private readonly declined = new Map<ApiKeyTarget, Set<string>>();
  private progress: WorkDoneProgressServerReporter | undefined;
  private done = 0;
  private failed = 0;
  private readonly health = new Map<string, EndpointHealth>();

  constructor(
    private readonly host: RemoteScoringHost,
    /** Called when scores for these problems of a document arrived. */
    private readonly onScored: (uri: string, problemIds: Set<string>) => void,
  ) {}

  /** Whether remote scoring may run for a document with these settings. */
  enabled(settings: EffectiveSettings): boolean {
    return (
      this.host.trusted() &&
      settings.editor.remote.enabled &&
      (settings.engine.judge !== undefined || settings.engine.rewardModel !== undefined)
    );
  }

  /** The lookup the analysis reads, or none when no remote component is configured (saves hashing). */
  lookupFor(settings: EffectiveSettings): RemoteScoreStore | undefined {
    return settings.engine.judge !== undefined || settings.engine.rewardModel !== undefined
      ? this.store
      : undefined;
  }

  setApiKey(target: ApiKeyTarget, key: string | null, approvedOrigins: readonly string[] = []): void {
    if (key) this.secrets.set(target, key);
    else this.secrets.delete(target);
    this.approved.set(target, new Set(approvedOrigins));
    this.declined.delete(target);
    this.scorers.clear();
  }

  /** The stored key for a component, only for an endpoint whose origin the user approved. */
  private storedKey(target: ApiKeyTarget, url: string): string | undefined {
    const key = this.secrets.get(target);
    return key && this.approved.get(target)?.has(originOf(url)) ? key : undefined;
  }

  /**
   * Before scoring: for each stored key whose endpoint (from the workspace's settings or
   * pns.config.json) has not been approved, ask the user through the client. Without a yes the key
   * is not sent (the endpoint is called as if no key were stored).
   */
  private async approveHosts(settings: EffectiveSettings): Promise<void> {
    const endpoints: Array<[ApiKeyTarget, string | undefined]> = [
      ["judge", settings.engine.judge?.baseUrl],
      ["rewardModel", settings.engine.rewardModel?.baseUrl],
    ];
    for (const [target, url] of endpoints) {
      if (!url || !this.secrets.has(target)) continue;
      const origin = originOf(url);
      if (this.approved.get(target)?.has(origin) || this.declined.get(target)?.has(origin)) continue;
      let approved = false;
      try {
        ({ approved } = await this.host.approveKeyHost(target, origin));
      } catch {
        // A client without this request cannot ask the user: the key stays home.
      }
      const into = approved ? this.approved : this.declined;
      into.set(target, new Set([...(into.get(target) ?? []), origin]));
      if (approved) this.scorers.clear();
      else
        this.host.warn(
          `pns scoring: not sending the stored ${target} key to ${origin}: not approved by the user`,
        );
    }
  }

  /** Forgets scorers built from old settings (endpoints, keys). */
  settingsChanged(): void {
    this.scorers.clear();
    if (!this.host.trusted()) this.cancelAll();
  }

  /** Queues requests that have no score yet; `first` puts them ahead of the rest. */
  enqueue(
    document: PnsDocument,
    settings: EffectiveSettings,
    requests: RemoteScoreRequest[],
    first = false,
  ): number {
    if (!this.enabled(settings) || requests.length === 0) return 0;
    const components = this.scorerFor(document.uri, settings).scorer.components;
    const fresh = requests
      .filter((request) => !this.store.has(request, components))
      .map((request) => ({ uri: document.uri, request }));
    this.queue = first ? [...fresh, ...this.queue] : [...this.queue, ...fresh];
    if (fresh.length > 0) void this.run();
    this.sendProgress();
    return fresh.length;
  }

  /** The document changed: abort the batch in flight if the text it scores is no longer there. */
  textChanged(document: PnsDocument): void {
    const batch = this.inFlight;
    if (batch?.items.some((q) => q.uri === document.uri && !stillCurrent(document, q.request)))
      batch.abort.abort();
  }

  documentClosed(uri: string): void {
    this.queue = this.queue.filter((q) => q.uri !== uri);
    if (this.inFlight?.items.some((q) => q.uri === uri)) this.inFlight.abort.abort();
    this.sendProgress();
  }

  cancelAll(): void {
    this.queue = [];
    this.inFlight?.abort.abort();
    this.sendProgress();
  }

  clear(): number {
    this.cancelAll();
    return this.store.clear();
  }

  pending(): number {
    return this.queue.length + (this.inFlight?.items.length ?? 0);
  }

  private scorerFor(uri: string, settings: EffectiveSettings): ScorerEntry {
    const key = settings.analysisKey;
    let entry = this.scorers.get(key);
    if (!entry) {
      const folder = folderOf(uri, this.host.workspaceFolders());
      const { scorer, endpoints } = createScoring({
        settings: settings.engine,
        baseDir: folder?.startsWith("file:") ? fileURLToPath(folder) : undefined,
        env: process.env,
        secrets: (component, url) => this.storedKey(componentOfApi(component), url),
        warn: (m) => this.host.warn(m),
        logger: { warn: (m) => this.host.warn(`pns scoring: ${m}`) },
        batchSize: BATCH,
      });
      entry = {
        scorer,
        endpoints: endpoints.map((e): EndpointHealth => ({ ...e, state: "unknown" })),
      };
      this.scorers.set(key, entry);
      for (const e of entry.endpoints) if (!this.health.has(e.component)) this.health.set(e.component, e);
    }
    return entry;
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.beginProgress();
      while (this.queue.length > 0) {
        const uri = this.queue[0].uri;
        const document = this.host.document(uri);
        const batch: Queued[] = [];
        const rest: Queued[] = [];
        for (const q of this.queue) {
          if (q.uri === uri && batch.length < BATCH) {
            if (document && stillCurrent(document, q.request)) batch.push(q);
          } else rest.push(q);
        }
        this.queue = rest;
        if (!document || batch.length === 0) continue;
        const settings = await this.host.settings(uri);
        if (!this.enabled(settings)) continue;
        await this.approveHosts(settings);
        await this.scoreBatch(document, settings, batch);
      }
    } finally {
      this.running = false;
      this.endProgress();
      this.done = 0;
      this.failed = 0;
      this.sendProgress();
    }
  }

  private async scoreBatch(
    document: PnsDocument,
    settings: EffectiveSettings,
    batch: Queued[],
  ): Promise<void> {
    const abort = new AbortController();
    this.inFlight = { items: batch, abort };
    const { scorer } = this.scorerFor(document.uri, settings);
    try {
      const results = await scorer.score(
        batch.map((q) => q.request),
        { signal: abort.signal },
      );
      if (abort.signal.aborted) throw new Error("aborted");
      const ids = new Set<string>();
      results.forEach((scores, i) => {
        const { request } = batch[i];
        this.store.set(request, scores);
        ids.add(request.problemId);
        this.noteHealth(scores);
      });
      this.done += batch.length;
      this.onScored(document.uri, ids);
    } catch {
      // Aborted because the text changed (or the document closed): requeue what is still current;
      // the loop re-checks each request against the document before sending it again.
      if (this.host.document(document.uri) === document) this.queue.unshift(...batch);
    } finally {
      this.inFlight = undefined;
      this.sendProgress();
    }
  }

  private noteHealth(scores: Map<RemoteComponentName, { value: number | null; reason: string }>): void {
    for (const [name, score] of scores) {
      const health = this.health.get(name);
      if (!health) continue;
      if (score.value === null) {
        this.failed++;
        this.health.set(name, { ...health, state: "failing", detail: score.reason });
      } else {
        this.health.set(name, { ...health, state: "ok", detail: undefined });
      }
    }
  }

  private async beginProgress(): Promise<void> {
    const created = this.host.createProgress();
    if (!created) return;
    try {
      this.progress = await created;
      this.progress.begin(
        "PNS: scoring with the judge and reward model",
        0,
        `${this.pending()} samples`,
        true,
      );
      this.progress.token.onCancellationRequested(() => this.cancelAll());
    } catch {
      this.progress = undefined;
    }
  }

  private endProgress(): void {
    this.progress?.done();
    this.progress = undefined;
  }

  private sendProgress(): void {
    const pending = this.pending();
    const total = this.done + pending;
    this.progress?.report(
      total === 0 ? 100 : Math.round((100 * this.done) / total),
      `${this.done}/${total} samples`,
    );
    this.host.sendProgress({
      pending,
      done: this.done,
      failed: this.failed,
      endpoints: [...this.health.values()],
    });
  }
}

/** `scheme://host:port` of an endpoint URL (what an approval is for); the URL itself when unparseable. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
