import { shellQuote } from "../commandLine";
import { accelerateCommand, type LaunchPlan } from "../launchCommand";

/** Slurm-specific settings from the pns command line (`--partition`, `--time`, `--sbatch ...`). */
export interface SlurmSettings {
  partition?: string;
  time?: string;
  account?: string;
  cpusPerTask?: number;
  /** Extra `#SBATCH` options, e.g. `--qos=high`, written as given. */
  extra: string[];
  /** Rendezvous port on the first node. */
  port: number;
}

export interface SlurmRender {
  /** The batch script: resources, node list, one `srun` task per node. */
  sbatch: string;
  /** What each node's task runs: its own reward server (when needed), then `accelerate launch`. */
  node: string;
}

export interface SlurmContext {
  plan: LaunchPlan;
  settings: SlurmSettings;
  /** Working directory of the job (where relative config paths resolve). */
  cwd: string;
  /** The `jobs/` folder, put on PYTHONPATH. */
  jobsDir: string;
  /** How to run the pns CLI on the nodes (`node /path/bin/pns.js`). */
  pnsCommand: string[];
}

/**
 * One option and its value per line, for a script people read. Words that are shell expressions
 * (`$SLURM_PROCID`) stay expandable; everything else is quoted.
 */
function renderWords(words: readonly string[]): string {
  const quoted = words.map((word) => (word.startsWith("$") ? `"${word}"` : shellQuote(word)));
  const lines: string[][] = [];
  quoted.forEach((word, index) => {
    // `python -m accelerate.commands.launch` stays on the first line; each later option starts one.
    if (index > 2 && word.startsWith("-")) lines.push([word]);
    else if (lines.length === 0) lines.push([word]);
    else lines[lines.length - 1].push(word);
  });
  return lines.map((line) => line.join(" ")).join(" \\\n  ");
}

export function sbatchPath(runDir: string): string {
  return `${runDir}/sbatch.sh`;
}

export function nodeScriptPath(runDir: string): string {
  return `${runDir}/node.sh`;
}

/** The Slurm output file for a job id (`%j` in the script). */
export function slurmOutputPath(runDir: string, jobId: string): string {
  return `${runDir}/slurm-${jobId}.out`;
}

export function renderSlurm(context: SlurmContext): SlurmRender {
  const { plan, settings } = context;
  const q = shellQuote;
  const directives = [
    `--job-name=pns-${plan.job.name}`,
    `--nodes=${plan.nodes}`,
    "--ntasks-per-node=1",
    `--gres=gpu:${plan.gpus}`,
    ...(settings.cpusPerTask ? [`--cpus-per-task=${settings.cpusPerTask}`] : []),
    ...(settings.partition ? [`--partition=${settings.partition}`] : []),
    ...(settings.account ? [`--account=${settings.account}`] : []),
    ...(settings.time ? [`--time=${settings.time}`] : []),
    `--output=${plan.runDir}/slurm-%j.out`,
    "--open-mode=append",
    ...settings.extra,
  ];
  const sbatch = [
    "#!/bin/bash",
    `# Rendered by \`pns run ${plan.job.name} --launcher slurm\`; submitted with \`sbatch --parsable\`.`,
    ...directives.map((d) => `#SBATCH ${d}`),
    "set -euo pipefail",
    `cd ${q(context.cwd)}`,
    `export PYTHONPATH=${q(context.jobsDir)}\${PYTHONPATH:+:$PYTHONPATH}`,
    // Slurm writes the output file; the job must not tee its own copy into log.txt as well.
    "export PNS_LOG_CAPTURED=1 PYTHONUNBUFFERED=1",
    `export PNS_CLI=${q(context.pnsCommand.map(shellQuote).join(" "))}`,
    'mapfile -t pns_nodes < <(scontrol show hostnames "$SLURM_JOB_NODELIST")',
    'export PNS_MAIN_PROCESS_IP="${pns_nodes[0]}"',
    'echo "[pns] slurm job $SLURM_JOB_ID on ${#pns_nodes[@]} node(s): ${pns_nodes[*]}"',
    `srun --ntasks-per-node=1 --kill-on-bad-exit=1 bash ${q(nodeScriptPath(plan.runDir))}`,
    "",
  ].join("\n");

  const launch = accelerateCommand(plan, {
    machineRank: "$SLURM_PROCID",
    mainProcessIp: "$PNS_MAIN_PROCESS_IP",
    mainProcessPort: String(settings.port),
  });
  const rewardServer = plan.job.needsRewardServer
    ? [
        "# Each node runs its own reward server on 127.0.0.1 (it binds loopback only and checks a token);",
        "# its ranks reach it locally, and the judge / reward-model endpoints it calls are shared.",
        'server_log="$(mktemp)"',
        // Unset: the server then makes a fresh random token and prints it.
        `env -u PNS_REWARD_TOKEN ${context.pnsCommand.map(shellQuote).join(" ")} serve-reward --port 0 >"$server_log" 2>&1 &`,
        "server_pid=$!",
        'trap \'kill "$server_pid" 2>/dev/null || true; rm -f "$server_log"\' EXIT',
        "for _ in $(seq 1 600); do",
        '  grep -q "^PNS_REWARD_TOKEN=" "$server_log" && break',
        '  kill -0 "$server_pid" 2>/dev/null || { echo "[pns] reward server exited:" >&2; cat "$server_log" >&2; exit 1; }',
        "  sleep 0.1",
        "done",
        'export PNS_REWARD_URL="$(sed -n "s/^PNS_REWARD_URL=//p" "$server_log")"',
        'export PNS_REWARD_TOKEN="$(sed -n "s/^PNS_REWARD_TOKEN=//p" "$server_log")"',
        '[ -n "$PNS_REWARD_TOKEN" ] || { echo "[pns] reward server did not start within 60s" >&2; exit 1; }',
      ]
    : [];
  const node = [
    "#!/bin/bash",
    `# One task per node (${plan.nodes} node${plan.nodes === 1 ? "" : "s"}): rendered by \`pns run ${plan.job.name} --launcher slurm\`.`,
    "set -euo pipefail",
    ...rewardServer,
    renderWords(launch),
    "",
  ].join("\n");
  return { sbatch, node };
}
