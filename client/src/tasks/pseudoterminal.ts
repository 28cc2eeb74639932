/**
 * The terminal a `pns` task runs in: it owns the `pns run` process, streams its output with `\r\n`
 * line ends, turns Python tracebacks into `$pns-job` problem lines, reports progress to the
 * tracker, maps closing the terminal (or Ctrl-C in it) to cancellation, and closes with the exit
 * code.
 */
import * as vscode from "vscode";
import { shellJoin } from "../../../server/src/protocol/commandLine";
import { JobProcess } from "./jobProcess";
import { LineSplitter, toTerminalText } from "./lines";
import { parseLine } from "./outputParser";
import type { JobTracker } from "./jobTracker";
import { problemLine, TracebackCollector } from "./traceback";
import type { JobName } from "../../../server/src/protocol/jobs";

/** How long output must have been quiet before the terminal closes (see `settle`). */
const SETTLE_MS = 1_000;

/** Everything needed to start one run, worked out when the task starts. */
export interface JobLaunch {
  job: JobName;
  label: string;
  command: string;
  /** Arguments before `run ...` (the CLI bundle). */
  prefix: string[];
  /** The `pns` arguments: `run <job> --config ...`. */
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** What a task that cannot run shows instead (untrusted workspace, invalid definition). */
export class MessageTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;

  constructor(
    private readonly message: string,
    private readonly code = 2,
  ) {}

  open(): void {
    this.writeEmitter.fire(toTerminalText(`${this.message}\n`));
    // Closing in the same tick can lose the message (see JobPseudoterminal.settle).
    setTimeout(() => this.closeEmitter.fire(this.code), SETTLE_MS);
  }

  close(): void {
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

export class JobPseudoterminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private process: JobProcess | undefined;
  private cancelled = false;
  private closedByUser = false;
  private lastWrite = 0;

  constructor(
    private readonly launch: () => Promise<JobLaunch>,
    private readonly tracker: JobTracker,
  ) {}

  open(): void {
    void this.start();
  }

  /** The terminal was closed or the task terminated: stop the job the way Ctrl-C would. */
  close(): void {
    this.closedByUser = true;
    this.cancel();
  }

  handleInput(data: string): void {
    if (data === "\x03") {
      this.write("^C\n[pns] cancelling: SIGINT to pns run (the run is marked cancelled)\n");
      this.cancel();
    }
  }

  private cancel(): void {
    if (!this.process || this.cancelled) return;
    this.cancelled = true;
    this.process.cancel();
  }

  private write(text: string): void {
    this.lastWrite = Date.now();
    if (!this.closedByUser) this.writeEmitter.fire(toTerminalText(text));
  }

  /**
   * VS Code stops feeding a task terminal's lines to the problem matchers when the pseudoterminal
   * closes, dropping output written just before (microsoft/vscode#92868, open): a config error
   * printed as `pns run` exits would never reach the Problems panel. There is no event for "the
   * terminal has taken the data", so the close waits until the output has been quiet for a second
   * (VS Code's own stopgap waits 100 ms, too short when the renderer lags on a busy machine).
   */
  private settle(): Promise<void> {
    const wait = SETTLE_MS - (Date.now() - this.lastWrite);
    return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
  }

  private async start(): Promise<void> {
    let launch: JobLaunch;
    try {
      launch = await this.launch();
    } catch (error) {
      this.write(`${error instanceof Error ? error.message : String(error)}\n`);
      await this.settle();
      this.closeEmitter.fire(2);
      return;
    }
    // Closed while the command line was being worked out: nothing to start, nothing to stop.
    if (this.closedByUser) return;
    this.write(`> pns ${shellJoin(launch.args)}\n  (in ${launch.cwd})\n\n`);
    const run = this.tracker.start(launch.job, launch.label);
    const streams = [0, 1].map(() => ({ lines: new LineSplitter(), tracebacks: new TracebackCollector() }));
    const onText = (stream: (typeof streams)[number]) => (text: string) => {
      this.write(text);
      for (const line of stream.lines.push(text)) this.onLine(line, launch.job, run, stream.tracebacks);
    };
    this.process = new JobProcess({
      command: launch.command,
      args: [...launch.prefix, ...launch.args],
      cwd: launch.cwd,
      env: launch.env,
      onStdout: onText(streams[0]),
      onStderr: onText(streams[1]),
    });
    const exit = await this.process.exited;
    for (const stream of streams)
      for (const line of stream.lines.flush()) this.onLine(line, launch.job, run, stream.tracebacks);
    if (exit.error) this.write(`\n[pns] cannot start ${launch.command}: ${exit.error}\n`);
    else if (exit.code === 2)
      this.write(
        "\n[pns] nothing was started: fix the errors above (also in the Problems panel) and run the task again\n",
      );
    run.finish(exit.code, this.cancelled);
    await this.settle();
    this.closeEmitter.fire(exit.code);
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }

  private onLine(
    line: string,
    job: JobName,
    run: ReturnType<JobTracker["start"]>,
    tracebacks: TracebackCollector,
  ): void {
    for (const event of parseLine(line, job)) run.event(event);
    const problem = tracebacks.push(line);
    if (problem) this.write(`${problemLine(problem)}\n`);
  }
}
