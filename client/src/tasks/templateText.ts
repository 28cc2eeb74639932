/** The text and file name of a config created from a job's template. Pure. */
import type { JobName } from "../../../server/src/protocol/jobs";

/** `reverse-rl.yaml`, or `reverse-rl-2.yaml` if taken, ...: never overwrites a file. */
export function freeName(job: JobName, taken: (name: string) => boolean): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${job}.yaml` : `${job}-${n}.yaml`;
    if (!taken(name)) return name;
  }
}

export function templateHeader(job: JobName): string {
  return [
    `# pns-job: ${job}`,
    "# Copied from the tiny CPU example. Point model_name_or_path and dataset at your own model and",
    "# data (paths are relative to the folder `pns run` starts in: this workspace folder) and size",
    "# the batch for your hardware; `pns run --help` and docs/jobs.md list every key.",
    "",
  ].join("\n");
}
