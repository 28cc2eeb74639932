import { cleanText } from "../text";
import { describe } from "./fields";

/** A chat message as TRL's conversational datasets write it. */
export interface Message {
  role: string;
  content: string;
}

/**
 * Reads a TRL conversational value: a list of `{role, content}` where content is a string or a
 * list of parts (`{type: "text", text}`; other part types such as images are skipped). Returns an
 * error message instead when the value is not such a list.
 */
export function readMessages(value: unknown, field: string): Message[] | string {
  if (!Array.isArray(value))
    return `"${field}" must be a string or a list of messages, not ${describe(value)}`;
  const messages: Message[] = [];
  for (const [index, item] of value.entries()) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      return `"${field}"[${index}] must be a {role, content} message, not ${describe(item)}`;
    }
    const { role, content } = item as Record<string, unknown>;
    if (typeof role !== "string") return `"${field}"[${index}].role must be a string`;
    const text = contentText(content);
    if (text === null) return `"${field}"[${index}].content must be a string or a list of text parts`;
    messages.push({ role, content: text });
  }
  return messages;
}

function contentText(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return null;
  const texts: string[] = [];
  for (const part of content) {
    if (typeof part === "string") texts.push(part);
    else if (
      typeof part === "object" &&
      part !== null &&
      typeof (part as { text?: unknown }).text === "string"
    ) {
      texts.push((part as { text: string }).text);
    }
  }
  return texts.join("");
}

/**
 * The text of a response: a string as is, or the assistant turns of a message list joined by a
 * blank line (every turn when none is marked `assistant`, so no text is silently dropped).
 */
export function responseText(messages: Message[]): string {
  const assistant = messages.filter((m) => m.role === "assistant");
  return cleanText((assistant.length > 0 ? assistant : messages).map((m) => m.content).join("\n\n"));
}

/** Length of the common prefix of two message lists (TRL's "implicit prompt" datasets). */
export function commonPrefix(a: Message[], b: Message[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n].role === b[n].role && a[n].content === b[n].content) n++;
  return n;
}
