import { readFileSync } from "node:fs";
import * as path from "node:path";

/** The file a trained reward model's folder holds about its input (written by the reward-model job). */
export const INPUT_RECORD_FILE = "pns_reward_input.json";

/** `pns_reward_input.json`: how the model was trained, so it is queried in the same form. */
export interface RewardInputRecord {
  format: "plain" | "chat";
  prompt_template: string;
  system_prompt: string;
  separator: string;
}

/**
 * Reads `<modelDir>/pns_reward_input.json`. A folder without it (a model trained before the
 * record existed) or with a bad one gives a warning saying what will happen instead; never a
 * throw. Synchronous: a few hundred bytes, read once when the settings are built.
 */
export function readInputRecord(
  modelDir: string,
): { record: RewardInputRecord; file: string } | { warning: string } {
  const file = path.join(modelDir, INPUT_RECORD_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "has no" : `cannot read its (${code ?? String(error)})`;
    return {
      warning: `reward model folder ${modelDir} ${why} ${INPUT_RECORD_FILE} (models trained before it was recorded): querying it with plain text (prompt, a line end, response); retrain, or set rewardModel.inputFormat, if it was trained on another form`,
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { warning: `${file}: not valid JSON (${(error as Error).message}): querying with plain text` };
  }
  const r = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (r.format !== "plain" && r.format !== "chat") problems.push(`"format" must be "plain" or "chat"`);
  if (typeof r.prompt_template !== "string" || !r.prompt_template.includes("{problem}"))
    problems.push(`"prompt_template" must be a string with {problem}`);
  for (const key of ["system_prompt", "separator"])
    if (r[key] !== undefined && r[key] !== null && typeof r[key] !== "string")
      problems.push(`"${key}" must be a string`);
  if (problems.length > 0) return { warning: `${file}: ${problems.join("; ")}: querying with plain text` };
  return {
    file,
    record: {
      format: r.format as "plain" | "chat",
      prompt_template: r.prompt_template as string,
      system_prompt: typeof r.system_prompt === "string" ? r.system_prompt : "",
      separator: typeof r.separator === "string" ? r.separator : "\n",
    },
  };
}
