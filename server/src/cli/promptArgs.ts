import { promises as fs } from "node:fs";
import {
  defaultTemplate,
  parseTemplate,
  parseTemplateFile,
  type PromptTemplate,
} from "../core/interop/index";
import { UsageError } from "./command";

/** The prompt options `pns export` shares with the jobs' config keys (`prompt_template`, …). */
export const PROMPT_ARGS = {
  "prompt-template": { type: "string" },
  "prompt-template-file": { type: "string" },
  "system-prompt": { type: "string" },
  // The older name of --system-prompt, kept so existing scripts keep working.
  system: { type: "string" },
  conversational: { type: "boolean" },
} as const;

export const PROMPT_HELP = `  --prompt-template <text>     trl-dpo, grpo: the prompt, with {problem} where the statement goes
                               (default: "{problem}\\n\\nPlease reason step by step, and put your
                               final answer within \\boxed{}.")
  --prompt-template-file <f>   the same, read from a file (one final line end is dropped)
  --system-prompt <text>       a system prompt (default: the problem's system= metadata, if any);
                               plain prompts start with it and a blank line (--system: same)
  --conversational             trl-dpo, grpo: TRL's conversational form, lists of {role, content}`;

interface PromptArgValues {
  "prompt-template"?: string;
  "prompt-template-file"?: string;
  "system-prompt"?: string;
  system?: string;
}

/** Whether any prompt option was given (they apply to prompt-bearing formats only). */
export function promptOptionGiven(
  values: PromptArgValues & { conversational?: boolean },
): string | undefined {
  for (const name of ["prompt-template", "prompt-template-file", "system-prompt", "system"] as const)
    if (values[name] !== undefined) return `--${name}`;
  return values.conversational ? "--conversational" : undefined;
}

/** The template and system prompt from the options; a template without `{problem}` is a usage error. */
export async function promptFromArgs(
  values: PromptArgValues,
): Promise<{ template: PromptTemplate; system?: string }> {
  if (values["prompt-template"] !== undefined && values["prompt-template-file"] !== undefined)
    throw new UsageError("give --prompt-template or --prompt-template-file, not both");
  if (values["system-prompt"] !== undefined && values.system !== undefined)
    throw new UsageError("--system is the older name of --system-prompt: give one of them");
  const system = values["system-prompt"] ?? values.system;
  let template: PromptTemplate | string = defaultTemplate;
  if (values["prompt-template"] !== undefined) {
    template = parseTemplate(values["prompt-template"]);
    if (typeof template === "string")
      throw new UsageError(`--prompt-template: ${template} (write {problem} where the statement goes)`);
  } else if (values["prompt-template-file"] !== undefined) {
    const file = values["prompt-template-file"];
    let text: string;
    try {
      text = await fs.readFile(file, "utf8");
    } catch (error) {
      throw new UsageError(`--prompt-template-file: cannot read ${file}: ${(error as Error).message}`);
    }
    template = parseTemplateFile(text);
    if (typeof template === "string")
      throw new UsageError(
        `--prompt-template-file ${file}: ${template} (write {problem} where the statement goes)`,
      );
  }
  return { template, ...(system !== undefined ? { system } : {}) };
}
