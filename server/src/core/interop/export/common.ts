import type { MetaEntry, Problem, Sample } from "../../format/ast";

/** How a prompt is written: the statement through a template, as a string or as chat messages. */
export interface PromptOptions {
  template: { render(problem: string): string };
  /** TRL's conversational form: lists of `{role, content}` instead of strings. */
  conversational: boolean;
  /** System message for conversational prompts; when absent, the problem's `system` metadata. */
  system?: string;
}

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

export function metaGet(meta: readonly MetaEntry[], key: string): string | undefined {
  return meta.find((entry) => entry.key === key)?.value;
}

export function promptFor(problem: Problem, options: PromptOptions): string | ChatMessage[] {
  const text = options.template.render(problem.statement.text);
  if (!options.conversational) return text;
  const system = options.system ?? metaGet(problem.meta, "system");
  const messages: ChatMessage[] = system === undefined ? [] : [{ role: "system", content: system }];
  messages.push({ role: "user", content: text });
  return messages;
}

export function completionFor(sample: Sample, conversational: boolean): string | ChatMessage[] {
  return conversational ? [{ role: "assistant", content: sample.body.text }] : sample.body.text;
}

/** Samples a reviewer rejected in triage (`status=rejected`) take no part in training rows. */
export function isUsable(sample: Sample): boolean {
  return metaGet(sample.meta, "status") !== "rejected";
}
