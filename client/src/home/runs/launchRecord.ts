/**
 * What a run's `command.json` (the launch record, docs/jobs.md) says about how to run it again:
 * the config file given to the job and the directory it started in. Pure.
 */
export interface LaunchRecord {
  config?: string;
  cwd?: string;
  job?: string;
}

export function parseLaunchRecord(text: string): LaunchRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (!value || typeof value !== "object") return {};
  const record = value as { argv?: unknown; cwd?: unknown; job?: unknown };
  const out: LaunchRecord = {};
  if (typeof record.cwd === "string") out.cwd = record.cwd;
  if (typeof record.job === "string") out.job = record.job;
  if (Array.isArray(record.argv)) {
    const argv = record.argv.filter((a): a is string => typeof a === "string");
    const at = argv.indexOf("--config");
    if (at >= 0 && argv[at + 1]) out.config = argv[at + 1];
    const joined = argv.find((a) => a.startsWith("--config="));
    if (!out.config && joined) out.config = joined.slice("--config=".length);
  }
  return out;
}
