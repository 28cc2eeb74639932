import type { MetaEntry, Problem, Sample } from "../../format/ast";
import { type ChatMessage, type PromptTemplate, renderChatPrompt, renderPlainPrompt } from "./prompt";

export type { ChatMessage } from "./prompt";

/** How a prompt is written: the statement through a template, as a string or as chat messages. */
export interface PromptOptions {
  template: PromptTemplate;
  /** TRL's conversational form: lists of `{role, content}` instead of strings. */
  conversational: boolean;
  /** The system prompt; when absent, the problem's `system` metadata (set by a TRL import), if any. */
  system?: string;
}

export function metaGet(meta: readonly MetaEntry[], key: string): string | undefined {
  return meta.find((entry) => entry.key === key)?.value;
}

export function promptFor(problem: Problem, options: PromptOptions): string | ChatMessage[] {
  const style = {
    template: options.template,
    systemPrompt: options.system ?? metaGet(problem.meta, "system"),
  };
  return options.conversational
    ? renderChatPrompt(problem.statement.text, style)
    : renderPlainPrompt(problem.statement.text, style);
}

export function completionFor(sample: Sample, conversational: boolean): string | ChatMessage[] {
  return conversational ? [{ role: "assistant", content: sample.body.text }] : sample.body.text;
}

/** Samples a reviewer rejected in triage (`status=rejected`) take no part in training rows. */
export function isUsable(sample: Sample): boolean {
  return metaGet(sample.meta, "status") !== "rejected";
}
