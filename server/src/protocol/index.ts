/**
 * Custom LSP messages between the PNS language server and its clients, defined once and imported
 * by both sides (server/src/lsp and client/src). Every method is prefixed with `pns/`.
 *
 * Only plain JSON types cross this boundary: the client never sees the core's tree types.
 */
import { NotificationType, ProgressType, RequestType, RequestType0 } from "vscode-languageserver-protocol";

/** A zero-based position in a document, as in LSP. */
export interface PnsPosition {
  line: number;
  character: number;
}

/** A half-open range in a document, as in LSP. */
export interface PnsRange {
  start: PnsPosition;
  end: PnsPosition;
}

/** Which samples a re-score covers: the whole document, or the samples that touch a range. */
export interface RescoreParams {
  uri: string;
  /** When given, only samples overlapping this range are re-scored. */
  range?: PnsRange;
  /** Ignore cached remote scores and call the endpoints again. */
  force?: boolean;
}

export interface RescoreResult {
  /** Samples whose local analysis was refreshed. */
  samples: number;
  /** Samples queued for remote scoring (0 when no endpoint is configured or the workspace is untrusted). */
  queued: number;
}

/** Client → server: re-analyse (and queue remote scoring for) a document or a selection. */
export const RescoreRequest = new RequestType<RescoreParams, RescoreResult, void>("pns/rescore");

/** Client → server: drop every cached score (memory and disk); documents are re-analysed. */
export const ClearScoreCacheRequest = new RequestType0<{ cleared: number }, void>("pns/clearScoreCache");

/** The state of one remote scoring endpoint, as last observed by the server. */
export interface EndpointHealth {
  /** Component it serves: `judge` or `rewardModel`. */
  component: string;
  /** The endpoint URL without credentials, or null when not configured. */
  endpoint: string | null;
  state: "unconfigured" | "disabled" | "ok" | "failing" | "unknown";
  /** Last error message when failing. */
  detail?: string;
}

/** Server → client: progress of background (remote) scoring, for the status bar. */
export interface ScoringProgressParams {
  /** Samples waiting or in flight. */
  pending: number;
  /** Samples scored since the queue was last empty. */
  done: number;
  /** Samples that failed since the queue was last empty. */
  failed: number;
  endpoints: EndpointHealth[];
}

export const ScoringProgressNotification = new NotificationType<ScoringProgressParams>("pns/scoringProgress");

/** Which API key the client hands over. */
export type ApiKeyTarget = "judge" | "rewardModel";

export interface SetApiKeyParams {
  target: ApiKeyTarget;
  /**
   * The secret sealed with the session's transport key (see sealedKey.ts), or null to forget it.
   * Held in server memory only; never logged or written, and never in clear on the wire.
   */
  sealedKey: string | null;
  /** Endpoint origins the user has already approved for this key (kept in the editor's user state). */
  approvedOrigins: string[];
}

/** Client → server: the API key from the editor's SecretStorage (never from settings). */
export const SetApiKeyNotification = new NotificationType<SetApiKeyParams>("pns/setApiKey");

export interface ApproveKeyHostParams {
  target: ApiKeyTarget;
  /** `https://host:port` of the endpoint the workspace's settings name. */
  origin: string;
}

/**
 * Server → client: may the stored key for `target` go to `origin`, where it has not gone before?
 * The client asks the user (workspace trust is not enough) and remembers a yes per user.
 */
export const ApproveKeyHostRequest = new RequestType<ApproveKeyHostParams, { approved: boolean }, void>(
  "pns/approveKeyHost",
);

/** Client → server: whether the workspace is trusted; untrusted means local analysis only. */
export interface WorkspaceTrustParams {
  trusted: boolean;
}

export const WorkspaceTrustNotification = new NotificationType<WorkspaceTrustParams>("pns/workspaceTrust");

/** One reward component of a sample's score, flattened for display. */
export interface ComponentView {
  /** The engine's id (`format`, `accuracy`, `rewardModel`, `judge`, `localCot`). */
  name: string;
  /** What to call it on screen (the core's component vocabulary). */
  label: string;
  /**
   * Its weight in the composite's formula (renormalised over the components present, as the
   * reason text shows it); null when the reward is not a weighted mean (malformed, correct, …).
   */
  weight: number | null;
  /** In [0, 1], or null when unscored. */
  value: number | null;
  reason: string;
  /** e.g. `local`, `judge gpt-4o-mini (prompt v1)`, `cache`. */
  provenance: string;
  /** Age of a cached remote score in seconds, when it came from the cache. */
  cacheAgeSeconds?: number;
}

/** A sample as the client and webviews see it. */
export interface SampleView {
  uri: string;
  problemId: string;
  /** Index of the sample within its problem (0-based, in file order). */
  index: number;
  role: "positive" | "negative";
  meta: Record<string, string>;
  text: string;
  range: PnsRange;
  /** The extracted final answer, or null when none was found. */
  extracted: string | null;
  /** Whether the extracted answer equals the gold answer (null when not gradable). */
  correct: boolean | null;
  composite: number | null;
  components: ComponentView[];
}

export interface ProblemView {
  uri: string;
  id: string;
  statement: string;
  gold: string | null;
  range: PnsRange;
}

export interface SampleAtParams {
  uri: string;
  position: PnsPosition;
}

export interface SampleAtResult {
  problem: ProblemView;
  sample: SampleView | null;
}

/** Client → server: the problem and sample under a position (for "show reward breakdown"). */
export const SampleAtRequest = new RequestType<SampleAtParams, SampleAtResult | null, void>("pns/sampleAt");

export interface CompareDataParams {
  uri: string;
  problemId: string;
  /** The sample to compare (usually a negative). */
  sampleIndex: number;
  /** The sample to compare with; defaults to the problem's first positive. */
  withIndex?: number;
}

export interface CompareDataResult {
  problem: ProblemView;
  /** The sample compared with (`withIndex`, by default the first positive): the diff's original side. */
  left: SampleView;
  /** The sample asked about (`sampleIndex`): the diff's modified side. */
  right: SampleView;
}

/** Client → server: both sides of a comparison, for the diff webview and `vscode.diff`. */
export const CompareDataRequest = new RequestType<CompareDataParams, CompareDataResult | null, void>(
  "pns/compareData",
);

/** Arguments of the `pns.compareWithPositive` command that code lenses carry. */
export interface CompareWithPositiveArgs {
  uri: string;
  problemId: string;
  sampleIndex: number;
  withIndex?: number;
}

/** The work-done progress payload type for background scoring (`$/progress`). */
export const scoringProgressType = new ProgressType<unknown>();
