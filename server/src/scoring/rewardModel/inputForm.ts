import {
  type ChatMessage,
  isRenderedPrompt,
  type PromptStyle,
  renderChatPrompt,
  renderPlainPrompt,
  withSeparator,
} from "../../core/interop/index";
import type { RewardModelSettings, ScoreInput } from "../types";

/**
 * The reward model's input, in the form it was trained on (docs/scoring.md):
 * - `plain`: `prompt + separator (unless the prompt ends in whitespace) + response`, the prompt
 *   rendered by `pns export`'s rule (system prompt, template);
 * - `chat`: `[system?, user: template(problem), assistant: response]` (the server applies the
 *   model's chat template);
 * - `text`: the older `textTemplate` with `{problem}` and `{response}`.
 * A problem that already is a prompt of this style (the trainer's GRPO prompt, exported with the
 * same template) is used as it is, not wrapped twice.
 */
export function rmPlainInput(input: ScoreInput, settings: RewardModelSettings): string {
  const style = styleOf(settings);
  const prompt = isRenderedPrompt(input.problem, style)
    ? input.problem
    : renderPlainPrompt(input.problem, style, settings.separator);
  return withSeparator(prompt, settings.separator) + input.response;
}

export function rmChatInput(input: ScoreInput, settings: RewardModelSettings): ChatMessage[] {
  const style = styleOf(settings);
  const messages = isRenderedPrompt(input.problem, style, true)
    ? [
        ...(style.systemPrompt ? [{ role: "system" as const, content: style.systemPrompt }] : []),
        { role: "user" as const, content: input.problem },
      ]
    : renderChatPrompt(input.problem, style);
  return [...messages, { role: "assistant", content: input.response }];
}

/** `{problem}` and `{response}` in one pass, so a response containing `{problem}` stays literal. */
export function fillTemplate(template: string, item: ScoreInput): string {
  return template.replace(/\{(problem|response)\}/g, (_, name: string) =>
    name === "problem" ? item.problem : item.response,
  );
}

function styleOf(settings: RewardModelSettings): PromptStyle {
  return { template: settings.promptTemplate, systemPrompt: settings.systemPrompt };
}
