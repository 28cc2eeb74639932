import { accelerateCommand, type LaunchPlan, processesPerNode } from "../launchCommand";
import { checkScriptValue, sbatchOption, sbatchValue, shellWord } from "./scriptValues";
import {
  changesRewardConfig,
  generationJobArgs,
  type ServersPlan,
  supervisorCommand,
  tokenEnv,
} from "../servers/plan";

/** Slurm-specific settings from the pns command line (`--partition`, `--time`, `--sbatch ...`). */
export interface SlurmSettings {
  partition?: string;
  time?: string;
  account?: string;
  cpusPerTask?: number;
  /** Extra `#SBATCH` options, e.g. `--qos=high`, written as given. */
  extra: string[];
  /** Rendezvous port on the first node; undefined: a free port picked there when the job starts. */
  port?: number;
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
  /** Extra `serve-reward` arguments: the run's reward config (`--config <file>` or `--no-config`). */
  rewardServerArgs?: string[];
  /** The model servers each node starts before its reward server and the training (servers/plan.ts). */
  servers?: ServersPlan;
}

/**
 * A shell variable the node script expands (`$SLURM_PROCID`). Marked with NUL characters, which no
 * user value can hold (control characters are refused), so a path that happens to start with `$`
 * is quoted like any other word and never expanded.
 */
const variable = (name: string): string => `\u0000${name}\u0000`;

function renderWord(word: string): string {
  // eslint-disable-next-line no-control-regex -- the NUL marks are the point (see `variable`)
  const name = /^\u0000([A-Z_][A-Z0-9_]*)\u0000$/.exec(word)?.[1];
  return name ? `"$${name}"` : shellWord("a word of the launch command", word);
}

/** One option and its value per line, for a script people read; every word quoted. */
function renderWords(words: readonly string[]): string {
  const quoted = words.map(renderWord);
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

/** The Slurm output file for a job id (`%j` in the script, relative to the run directory). */
export function slurmOutputPath(runDir: string, jobId: string): string {
  return `${runDir}/slurm-${jobId}.out`;
}

/** Every value the scripts hold, checked before anything is rendered (the first bad one throws). */
function checkValues(context: SlurmContext): void {
  const { plan } = context;
  const values: [string, string | undefined][] = [
    ["the working directory", context.cwd],
    ["the jobs folder", context.jobsDir],
    ["the run directory (--runs-root)", plan.runDir],
    ["the config path (--config)", plan.configPath],
    ["the Python interpreter (--python)", plan.python],
    ["--accelerate-config", plan.accelerateConfig],
    ...context.pnsCommand.map((word): [string, string] => ["the pns command", word]),
    ...(context.rewardServerArgs ?? []).map((word): [string, string] => ["the reward config", word]),
    ...plan.accelerateArgs.map((word): [string, string] => ["an accelerate option (after --)", word]),
    ["--partition", context.settings.partition],
    ["--account", context.settings.account],
    ["--time", context.settings.time],
    ...context.settings.extra.map((option): [string, string] => ["--sbatch", option]),
  ];
  for (const [what, value] of values) if (value !== undefined) checkScriptValue(what, value);
}

/**
 * The batch script and the per-node script. Throws ScriptValueError (nothing rendered) when a value
 * cannot be written safely: see scriptValues.ts.
 */
export function renderSlurm(context: SlurmContext): SlurmRender {
  const { plan, settings } = context;
  checkValues(context);
  const q = (what: string, value: string) => shellWord(what, value);
  const pnsCli = context.pnsCommand.map((word) => shellWord("the pns command", word)).join(" ");
  const directives = [
    `--job-name=pns-${plan.job.name}`,
    `--nodes=${plan.nodes}`,
    "--ntasks-per-node=1",
    // No GPUs asked (--gpus 0): no --gres at all; a cluster without GPUs refuses any gpu gres.
    // The servers' GPUs come on top of the training's, on every node (accelerate needs the same
    // number of training processes on each; the first-node-only generation server's stay idle elsewhere).
    ...(plan.gpus + serverGpuCount(context.servers) > 0
      ? [`--gres=gpu:${plan.gpus + serverGpuCount(context.servers)}`]
      : []),
    ...(settings.cpusPerTask ? [`--cpus-per-task=${settings.cpusPerTask}`] : []),
    ...(settings.partition !== undefined
      ? [`--partition=${sbatchValue("--partition", settings.partition)}`]
      : []),
    ...(settings.account !== undefined ? [`--account=${sbatchValue("--account", settings.account)}`] : []),
    ...(settings.time !== undefined ? [`--time=${sbatchValue("--time", settings.time)}`] : []),
    // Relative to the folder sbatch runs in (the run directory): no path in a #SBATCH line.
    "--output=slurm-%j.out",
    "--open-mode=append",
    ...settings.extra.map((option) => sbatchOption("--sbatch", option)),
  ];
  const port =
    settings.port !== undefined
      ? `export PNS_MAIN_PROCESS_PORT=${settings.port}`
      : // The batch script runs on the first node: a port free there now, so two runs never collide.
        `export PNS_MAIN_PROCESS_PORT="$(${q("the Python interpreter", plan.python)} -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')"`;
  const sbatch = [
    "#!/bin/bash",
    `# Rendered by \`pns run ${plan.job.name} --launcher slurm\`; submitted from the run directory with \`sbatch --parsable sbatch.sh\`.`,
    ...directives.map((d) => `#SBATCH ${d}`),
    "set -euo pipefail",
    `cd ${q("the working directory", context.cwd)}`,
    `export PYTHONPATH=${q("the jobs folder", context.jobsDir)}\${PYTHONPATH:+:$PYTHONPATH}`,
    // Slurm writes the output file; the job must not tee its own copy into log.txt as well.
    "export PNS_LOG_CAPTURED=1 PYTHONUNBUFFERED=1",
    `export PNS_CLI=${q("the pns command", pnsCli)}`,
    'mapfile -t pns_nodes < <(scontrol show hostnames "$SLURM_JOB_NODELIST")',
    // Rendezvous at the address Slurm itself reaches the first node by: a node name need not resolve.
    'pns_addr="$(scontrol show node "${pns_nodes[0]}" | sed -n "s/.*NodeAddr=\\([^ ]*\\).*/\\1/p" | head -n 1)"',
    'export PNS_MAIN_PROCESS_IP="${pns_addr:-${pns_nodes[0]}}"',
    port,
    'echo "[pns] slurm job $SLURM_JOB_ID on ${#pns_nodes[@]} node(s): ${pns_nodes[*]}; rendezvous $PNS_MAIN_PROCESS_IP:$PNS_MAIN_PROCESS_PORT"',
    `srun --ntasks-per-node=1 --kill-on-bad-exit=1 bash ${q("the run directory", nodeScriptPath(plan.runDir))}`,
    "",
  ].join("\n");

  const servers = context.servers;
  const launch = accelerateCommand(
    servers
      ? {
          ...plan,
          jobExtraArgs: generationJobArgs(
            servers,
            variable("PNS_SERVER_GENERATION_URL"),
            variable("PNS_VLLM_GROUP_PORT"),
          ),
        }
      : plan,
    {
      machineRank: variable("SLURM_PROCID"),
      mainProcessIp: variable("PNS_MAIN_PROCESS_IP"),
      mainProcessPort: variable("PNS_MAIN_PROCESS_PORT"),
      rdzvConf: variable("PNS_RDZV_CONF"),
    },
  );
  const serverConfig = servers && changesRewardConfig(servers) ? ['"$PNS_SERVERS_CONFIG"'] : undefined;
  const rewardServer = plan.job.needsRewardServer
    ? [
        "# Each node runs its own reward server on 127.0.0.1 (it binds loopback only and checks a token);",
        "# its ranks reach it locally, and the judge / reward-model endpoints it calls are shared.",
        'server_log="$(mktemp)"',
        // Unset: the server then makes a fresh random token and prints it. (Not `env -u`: env
        // would read a command path holding `=` as a variable assignment.)
        `(unset PNS_REWARD_TOKEN; exec ${[pnsCli, "serve-reward", "--port", "0", ...(serverConfig ? ["--config", ...serverConfig] : (context.rewardServerArgs ?? []).map((w) => shellWord("the reward config", w)))].join(" ")}) >"$server_log" 2>&1 &`,
        "server_pid=$!",
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
  const processes = processesPerNode(plan);
  const node = [
    "#!/bin/bash",
    `# One task per node (${plan.nodes} node${plan.nodes === 1 ? "" : "s"}, ${processes} process${processes === 1 ? "" : "es"} each): rendered by \`pns run ${plan.job.name} --launcher slurm\`.`,
    "set -euo pipefail",
    // Only the first node hosts the rendezvous store. torch otherwise guesses from the address,
    // and every node whose address is local (several nodes on one host) would try to host it.
    'if [ "$SLURM_PROCID" = 0 ]; then export PNS_RDZV_CONF=is_host=true; else export PNS_RDZV_CONF=is_host=false; fi',
    // One EXIT trap for whatever this task started: the reward server first, then the model servers.
    ...(servers || plan.job.needsRewardServer
      ? [
          'cleanup() { [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null; [ -n "${servers_pid:-}" ] && { kill "$servers_pid" 2>/dev/null; wait "$servers_pid" 2>/dev/null; }; rm -f "${server_log:-}" "${servers_out:-}"; return 0; }',
          "trap cleanup EXIT",
        ]
      : []),
    ...(servers ? modelServersBlock(context, servers) : []),
    ...rewardServer,
    renderWords(launch),
    "",
  ].join("\n");
  return { sbatch, node };
}

function serverGpuCount(servers: ServersPlan | undefined): number {
  return (servers?.servers ?? []).reduce((sum, s) => sum + s.gpus, 0);
}

/**
 * The node's model servers: fresh tokens in the environment, the supervisor in the background
 * (it gives them their GPUs and ports and waits for their health), then its URLs exported.
 */
function modelServersBlock(context: SlurmContext, servers: ServersPlan): string[] {
  const { plan } = context;
  const python = shellWord("the Python interpreter", plan.python);
  const supervisor = supervisorCommand(
    plan.python,
    `${plan.runDir}/servers/plan.json`,
    `${plan.runDir}/servers/node-`,
    "",
    plan.gpus,
  );
  const words = supervisor.map((word, index) => {
    if (word === `${plan.runDir}/servers/node-`)
      return `${shellWord("the run directory", word)}"$SLURM_PROCID"`;
    if (index > 0 && supervisor[index - 1] === "--node-rank") return '"$SLURM_PROCID"';
    return shellWord("the model servers' command", word);
  });
  const tokens = servers.servers
    .filter((s) => s.token_env)
    .map(
      (s) =>
        `export ${tokenEnv(s.role)}="$(${python} -c 'import secrets; print(secrets.token_urlsafe(24))')"`,
    );
  return [
    "# The run's model servers on this node (servers/plan.json): healthy before anything else starts.",
    ...tokens,
    'servers_out="$(mktemp)"',
    `${words.join(" ")} >"$servers_out" 2>&1 &`,
    "servers_pid=$!",
    'until grep -q -e "^PNS_SERVERS_READY=" -e "^PNS_SERVERS_FAILED=" "$servers_out"; do',
    '  kill -0 "$servers_pid" 2>/dev/null || break',
    "  sleep 0.5",
    "done",
    'grep "^\\[pns\\]" "$servers_out" || true',
    'if ! grep -q "^PNS_SERVERS_READY=" "$servers_out"; then',
    '  echo "[pns] the model servers failed on $(hostname): $(sed -n "s/^PNS_SERVERS_FAILED=//p" "$servers_out")" >&2',
    "  exit 1",
    "fi",
    'while IFS= read -r line; do case "$line" in PNS_SERVER_*_URL=* | PNS_VLLM_GROUP_PORT=* | PNS_SERVERS_CONFIG=* | PNS_TRAIN_DEVICES=*) export "${line?}" ;; esac; done <"$servers_out"',
    'if [ -n "${PNS_TRAIN_DEVICES:-}" ]; then export CUDA_VISIBLE_DEVICES="$PNS_TRAIN_DEVICES"; fi',
  ];
}
