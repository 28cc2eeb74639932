import { promises as fs } from "node:fs";
import { parse } from "yaml";

/** An accelerate config file (`--accelerate-config`), read for the dry run's needs and checks. */
export async function readAccelerateConfig(
  file: string,
): Promise<{ values: Record<string, unknown> } | { error: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    return {
      error: `cannot read the accelerate config ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
  }
  try {
    const values: unknown = parse(text);
    if (values === null || typeof values !== "object" || Array.isArray(values))
      return { error: `${file}: an accelerate config is a mapping of keys to values` };
    return { values: values as Record<string, unknown> };
  } catch (error) {
    return { error: `${file}: not valid YAML: ${(error as Error).message.split("\n")[0]}` };
  }
}
