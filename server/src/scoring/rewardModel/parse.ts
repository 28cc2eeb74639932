import { RemoteError } from "../errors";

/**
 * Reads raw scores from a vLLM reply, one per input in input order (`data[].index` decides).
 *
 * `/classify` (sequence classifiers): each `data[i]` has the class outputs in `logits` (newer
 * vLLM) or `probs` (older vLLM; raw logits when `use_activation` is false); the reward is the
 * value at `labelIndex` (0 for the usual single-output reward model).
 *
 * `/pooling` (token reward models): each `data[i].data` holds one value per token, either as a
 * matrix `[tokens][labels]` (take the last row's `labelIndex`) or a flat list of per-token
 * scalars (take the last). The last token's value is the outcome reward.
 */
export function readScores(
  reply: unknown,
  api: "classify" | "pooling",
  count: number,
  labelIndex: number,
): number[] {
  const data = (reply as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new RemoteError("malformed", `/${api} reply has no "data" array`);
  if (data.length !== count) {
    throw new RemoteError("malformed", `/${api} reply has ${data.length} results for ${count} inputs`);
  }
  const scores = new Array<number>(count);
  const seen = new Set<number>();
  data.forEach((entry: unknown, position) => {
    const record = (entry ?? {}) as Record<string, unknown>;
    const index = typeof record.index === "number" ? record.index : position;
    if (!Number.isInteger(index) || index < 0 || index >= count || seen.has(index)) {
      throw new RemoteError("malformed", `/${api} reply has a bad or repeated index ${String(record.index)}`);
    }
    seen.add(index);
    const value = api === "classify" ? classifyValue(record, labelIndex) : poolingValue(record, labelIndex);
    if (!Number.isFinite(value)) {
      throw new RemoteError("malformed", `/${api} result ${index} is not a finite number (${String(value)})`);
    }
    scores[index] = value;
  });
  return scores;
}

function classifyValue(record: Record<string, unknown>, labelIndex: number): number {
  const values = Array.isArray(record.logits)
    ? record.logits
    : Array.isArray(record.probs)
      ? record.probs
      : undefined;
  if (!values)
    throw new RemoteError("malformed", `/classify result has neither "logits" nor "probs" as a list`);
  return pick(values, labelIndex, "/classify");
}

function poolingValue(record: Record<string, unknown>, labelIndex: number): number {
  const values = record.data;
  if (typeof values === "string") {
    throw new RemoteError("malformed", `/pooling returned encoded data; request encoding_format "float"`);
  }
  if (!Array.isArray(values) || values.length === 0)
    throw new RemoteError("malformed", `/pooling result has no data`);
  const last: unknown = values[values.length - 1];
  return Array.isArray(last) ? pick(last, labelIndex, "/pooling") : asNumber(last);
}

function pick(values: unknown[], labelIndex: number, api: string): number {
  if (labelIndex >= values.length) {
    throw new RemoteError(
      "malformed",
      `${api} result has ${values.length} values; labelIndex ${labelIndex} is out of range`,
    );
  }
  return asNumber(values[labelIndex]);
}

/** Only real JSON numbers count: `null` or `"3"` in a score slot is a broken reply, not 0 or 3. */
function asNumber(value: unknown): number {
  return typeof value === "number" ? value : NaN;
}
