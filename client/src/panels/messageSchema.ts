/**
 * Run-time checks for messages from the webviews. The types in webview/src/shared/protocol.ts say
 * what a panel sends, but a webview is a browser page showing dataset text: the CSP keeps script
 * out, and this is the next wall. Every message is checked against its panel's schema (exact
 * keys, types, ranges, lengths) before a controller sees it, and {@link messageUris} lists the
 * documents a message names so the host can keep each panel to its own document.
 *
 * Pure (no vscode): unit-tested in test/client/messageSchema.test.ts.
 */
import type {
  CompareOutbound,
  CurvesOutbound,
  DiffOutbound,
  OverviewOutbound,
  PanelKind,
} from "../../../webview/src/shared/protocol";

type Check = (value: unknown, at: string) => string | undefined;

const MAX_ID = 4096;
const MAX_TARGETS = 1_000_000;
/** A PNG of a chart or a CSV of every metric of a long run. */
const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

const string =
  (max: number): Check =>
  (v, at) =>
    typeof v !== "string"
      ? `${at} must be a string`
      : v.length > max
        ? `${at} is over ${max} characters`
        : undefined;

const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v, at) =>
    typeof v === "number" && Number.isInteger(v) && v >= min && v <= max
      ? undefined
      : `${at} must be an integer from ${min} to ${max}`;

const oneOf =
  (...values: readonly unknown[]): Check =>
  (v, at) =>
    values.includes(v)
      ? undefined
      : `${at} must be one of ${values.map((x) => JSON.stringify(x)).join(", ")}`;

/** An object with exactly these keys (those marked optional may be absent). */
const object =
  (fields: Record<string, Check>, optional: readonly string[] = []): Check =>
  (v, at) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return `${at} must be an object`;
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!(key in fields)) return `${at} has an unknown field "${key}"`;
    for (const [key, check] of Object.entries(fields)) {
      if (!(key in record)) {
        if (optional.includes(key)) continue;
        return `${at}.${key} is missing`;
      }
      const problem = check(record[key], `${at}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };

const array =
  (item: Check, max: number): Check =>
  (v, at) => {
    if (!Array.isArray(v)) return `${at} must be an array`;
    if (v.length > max) return `${at} has more than ${max} entries`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${at}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };

const uri = string(MAX_ID);
const pairRequest = object(
  { uri, problemId: string(MAX_ID), sampleIndex: integer(0), withIndex: integer(0) },
  ["withIndex"],
);
const sampleRef = object({ uri, problemId: string(MAX_ID), sampleIndex: integer(0) });
const ready = object({ type: oneOf("ready") });
const reveal = object({ type: oneOf("reveal"), uri, line: integer(0) });

/** A file name for the save dialog's suggestion: no folders, no parent references. */
const fileName: Check = (v, at) =>
  string(200)(v, at) ??
  (/[\\/]|^\.\.?$/.test(v as string) || (v as string).trim() === ""
    ? `${at} must be a plain file name`
    : undefined);

const SCHEMAS: Record<PanelKind, Record<string, Check>> = {
  curves: {
    ready,
    "curves/openSamples": object({
      type: oneOf("curves/openSamples"),
      run: string(MAX_ID),
      step: integer(0),
      metric: string(MAX_ID),
    }),
    "curves/addRun": object({ type: oneOf("curves/addRun") }),
    export: object({
      type: oneOf("export"),
      format: oneOf("png", "csv"),
      name: fileName,
      data: string(MAX_EXPORT_CHARS),
    }),
  },
  diff: {
    ready,
    "diff/navigate": object({ type: oneOf("diff/navigate"), delta: oneOf(1, -1) }),
    "diff/triage": object({
      type: oneOf("diff/triage"),
      action: oneOf("accept", "reject", "swap", "flag"),
      request: pairRequest,
    }),
    "diff/openDiffEditor": object({ type: oneOf("diff/openDiffEditor"), request: pairRequest }),
    reveal,
  },
  // The comparison table only asks for its data: it names no document and edits nothing.
  compare: { ready },
  overview: {
    ready,
    reveal,
    "overview/compare": object({ type: oneOf("overview/compare"), target: sampleRef }),
    "overview/bulk": object({
      type: oneOf("overview/bulk"),
      action: oneOf("drop", "accept", "reject", "flag"),
      targets: array(sampleRef, MAX_TARGETS),
      description: string(10_000),
    }),
  },
};

export interface OutboundByKind {
  curves: CurvesOutbound;
  diff: DiffOutbound;
  overview: OverviewOutbound;
  compare: CompareOutbound;
}

export type Checked<T> = { ok: true; message: T } | { ok: false; error: string };

/** The message, when it is one this panel may send; otherwise why not. */
export function validateOutbound<K extends PanelKind>(kind: K, raw: unknown): Checked<OutboundByKind[K]> {
  const type = (raw as { type?: unknown } | null)?.type;
  const schema =
    typeof type === "string" && Object.hasOwn(SCHEMAS[kind], type) ? SCHEMAS[kind][type] : undefined;
  if (!schema)
    return { ok: false, error: `the ${kind} panel sends no message of type ${JSON.stringify(type)}` };
  const problem = schema(raw, "message");
  return problem ? { ok: false, error: problem } : { ok: true, message: raw as OutboundByKind[K] };
}

/** Every document a (validated) message names. */
export function messageUris(message: { type: string } & Record<string, unknown>): string[] {
  const out: string[] = [];
  const take = (v: unknown): void => {
    const u = (v as { uri?: unknown } | null)?.uri;
    if (typeof u === "string") out.push(u);
  };
  take(message);
  take(message.request);
  take(message.target);
  if (Array.isArray(message.targets)) message.targets.forEach(take);
  return out;
}

/**
 * The first document a message names that the panel may not touch: anything but the panel's own
 * document, and that one too once it is neither in the workspace nor open.
 */
export function outsideScope(
  message: { type: string } & Record<string, unknown>,
  own: string | undefined,
  inWorkspace: (uri: string) => boolean,
): string | undefined {
  return messageUris(message).find((uri) => uri !== own || !inWorkspace(uri));
}
