/**
 * The request body of `POST /v1/reward`, validated: `{items: [...], components?: [...]}` or a bare
 * array of items. An item is `{prompt, completion, answer}` as TRL passes them: prompt and
 * completion may be strings or chat message lists; extra dataset columns are ignored.
 */

import { API_COMPONENTS, type ApiComponent, isApiComponent } from "../../core/reward/components";

// Component names of the HTTP API: the core's component table (short forms of the engine's names).
export { API_COMPONENTS, type ApiComponent };

/** One item as the scorer needs it; `error` makes the item unscorable (null result) with that reason. */
export interface RewardItem {
  problem: string;
  response: string;
  /** Null when the item has no usable gold answer. */
  gold: string | null;
  error?: string;
}

export interface RewardRequest {
  items: RewardItem[];
  /** Which components to compute; all when absent. */
  components: Set<ApiComponent>;
}

/** A request-level problem: the whole request is rejected with HTTP 400 and this message. */
export class BadRequest extends Error {}

export function parseRewardRequest(body: unknown): RewardRequest {
  let rawItems: unknown;
  let rawComponents: unknown;
  if (Array.isArray(body)) {
    rawItems = body;
  } else if (typeof body === "object" && body !== null) {
    rawItems = (body as Record<string, unknown>).items;
    rawComponents = (body as Record<string, unknown>).components;
  } else {
    throw new BadRequest('the body must be {"items": [...]} or an array of items');
  }
  if (!Array.isArray(rawItems)) throw new BadRequest('"items" must be an array');
  return { items: rawItems.map(toItem), components: toComponents(rawComponents) };
}

function toComponents(raw: unknown): Set<ApiComponent> {
  if (raw === undefined || raw === null) return new Set(API_COMPONENTS);
  if (!Array.isArray(raw)) throw new BadRequest('"components" must be an array of names');
  const set = new Set<ApiComponent>();
  for (const name of raw) {
    if (typeof name !== "string" || !isApiComponent(name)) {
      throw new BadRequest(`unknown component ${JSON.stringify(name)}; known: ${API_COMPONENTS.join(", ")}`);
    }
    set.add(name);
  }
  return set;
}

function toItem(raw: unknown, index: number): RewardItem {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { problem: "", response: "", gold: null, error: `item ${index} is not an object` };
  }
  const record = raw as Record<string, unknown>;
  const response = textOf(record.completion, "assistant");
  const problem = textOf(record.prompt, "user") ?? "";
  const goldRaw = record.answer ?? record.gold;
  const gold =
    typeof goldRaw === "string"
      ? goldRaw
      : typeof goldRaw === "number" && Number.isFinite(goldRaw)
        ? String(goldRaw)
        : null;
  if (response === undefined) {
    return { problem, response: "", gold, error: `item ${index} has no "completion" string or message list` };
  }
  if (gold === null || gold.trim() === "") {
    return {
      problem,
      response,
      gold: null,
      error: `item ${index} has no "answer" (the gold answer is needed for accuracy inversion)`,
    };
  }
  return { problem, response, gold };
}

/**
 * Text of a prompt or completion. Strings pass through; a message list gives the last message
 * with the wanted role (TRL's conversational format), whose content may itself be a list of parts.
 */
function textOf(value: unknown, role: "user" | "assistant"): string | undefined {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return undefined;
  const messages = value.filter((m): m is Record<string, unknown> => typeof m === "object" && m !== null);
  const chosen = [...messages].reverse().find((m) => m.role === role) ?? messages[messages.length - 1];
  if (!chosen) return undefined;
  const content = chosen.content;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string"
          ? (part as { text: string }).text
          : "",
      )
      .join("");
  }
  return undefined;
}
