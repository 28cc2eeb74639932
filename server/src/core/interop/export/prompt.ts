/**
 * How a problem becomes the prompt a model sees: one definition for `pns export`, the reward
 * server's reward-model requests and (by the same rule, in Python) the jobs. docs/interop.md
 * states the rule; the jobs' cross-language test holds the two renderers to it.
 */

/** The placeholder a prompt template must contain. */
export const PROBLEM_PLACEHOLDER = "{problem}";

/**
 * The default instruction: the wording Qwen2.5-Math and DeepSeek-R1 use for math prompts. The
 * format gate demands a final `\boxed{}` answer, so the prompt has to ask for one.
 */
export const DEFAULT_PROMPT_TEMPLATE =
  "{problem}\n\nPlease reason step by step, and put your final answer within \\boxed{}.";

/** Put between a plain prompt and its response unless the prompt already ends in whitespace. */
export const PROMPT_SEPARATOR = "\n";

/** A parsed template: `render` puts the statement at every `{problem}`; other braces are literal. */
export interface PromptTemplate {
  readonly text: string;
  render(problem: string): string;
}

/** How prompts are written: the template, an optional system prompt, plain text or chat messages. */
export interface PromptStyle {
  template: PromptTemplate;
  /** Empty or absent: no system prompt. */
  systemPrompt?: string;
}

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

/**
 * Parses template text (as given on the command line or in a config). Returns an error message
 * when it has no `{problem}`.
 */
export function parseTemplate(text: string): PromptTemplate | string {
  if (!text.includes(PROBLEM_PLACEHOLDER)) return `the template has no ${PROBLEM_PLACEHOLDER} placeholder`;
  const parts = text.split(PROBLEM_PLACEHOLDER);
  return { text, render: (problem) => parts.join(problem) };
}

/**
 * A template read from a file: `\r\n` becomes `\n` and one line end at the very end is dropped,
 * as editors add it; more are kept on purpose.
 */
export function parseTemplateFile(text: string): PromptTemplate | string {
  return parseTemplate(text.replace(/\r\n/g, "\n").replace(/\n$/, ""));
}

export const defaultTemplate = parseTemplate(DEFAULT_PROMPT_TEMPLATE) as PromptTemplate;

/** Whitespace for the separator rule: ASCII only, so Python's renderer can match it exactly. */
const TRAILING_WHITESPACE = /[ \t\n\r\f\v]$/;

/** `text`, then the separator unless it already ends in whitespace (or is empty). */
export function withSeparator(text: string, separator = PROMPT_SEPARATOR): string {
  return text === "" || TRAILING_WHITESPACE.test(text) ? text : text + separator;
}

/**
 * The plain prompt: `(system ? system + "\n\n" : "") + template(problem)`, then the separator
 * unless that already ends in whitespace, so `prompt + response` is never glued.
 */
export function renderPlainPrompt(problem: string, style: PromptStyle, separator = PROMPT_SEPARATOR): string {
  return withSeparator(systemPrefix(style) + style.template.render(problem), separator);
}

function systemPrefix(style: PromptStyle): string {
  return style.systemPrompt ? `${style.systemPrompt}\n\n` : "";
}

/**
 * Whether `text` already is a prompt of this style (system prompt, then the template's text
 * around the problem), as the trainer sends it back: a GRPO prompt exported with the same
 * template. Then it is used as it is instead of being wrapped a second time.
 */
export function isRenderedPrompt(text: string, style: PromptStyle, conversational = false): boolean {
  const parts = style.template.text.split(PROBLEM_PLACEHOLDER);
  const prefix = (conversational ? "" : systemPrefix(style)) + parts[0];
  const suffix = parts[parts.length - 1].replace(/[ \t\n\r\f\v]+$/, "");
  const body = text.replace(/[ \t\n\r\f\v]+$/, "");
  return body.length >= prefix.length + suffix.length && body.startsWith(prefix) && body.endsWith(suffix);
}

/** TRL's conversational prompt: an optional system message, then the rendered template as the user's. */
export function renderChatPrompt(problem: string, style: PromptStyle): ChatMessage[] {
  const messages: ChatMessage[] = style.systemPrompt ? [{ role: "system", content: style.systemPrompt }] : [];
  messages.push({ role: "user", content: style.template.render(problem) });
  return messages;
}

/** A plain prompt and a response as one text, the form a plain-text reward model was trained on. */
export function joinPlain(prompt: string, response: string): string {
  return withSeparator(prompt) + response;
}
