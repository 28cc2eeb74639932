import type { FileAnalysis, SampleReport } from "../../core/analysis/index";
import type { ComponentScore } from "../../core/reward/index";
import { LineSpool } from "../../io/spool";
import { type AnalysisVisitor, analyzeFiles, type StreamedFile } from "../analyzeFiles";
import { type CliCommand, EXIT_OK, EXIT_USAGE, UsageError } from "../command";
import { Output } from "../output";
import { writePrettyWithList } from "../prettyJson";
import { parseCommandArgs } from "../args";
import { REMOTE_FLAGS_HELP, remoteGate } from "../remoteGate";

const HELP = `Usage: pns score <file.pns...> [--format text|json] [--config FILE] [--local | --remote]

Prints each sample's reward breakdown: every component (value, weight in the composite, reason,
provenance for remote scores), the composite reward and what it was computed from. The formula
is in docs/reward.md: malformed -> hard penalty; answer equal to the gold -> no plausibility
reward; otherwise the weighted mean of format, reward model, judge and local CoT, renormalised
over the components available.

With no judge or reward model in pns.config.json only the local components are used (and
stderr says so). With endpoints configured, every sample is scored remotely first (cached on
disk under cacheDir), with a progress bar on a terminal.

Options:
  --format text|json   text (default), or one JSON document with every sample's report
  --config FILE        use this pns.config.json (default: the nearest one above each file)
${REMOTE_FLAGS_HELP}

Exit codes: 0 scored, 2 usage, I/O or config error.

Examples:
  pns score examples/demo.pns
  pns score examples/demo.pns --format json > scores.json
`;

function parse(argv: string[]) {
  const parsed = parseCommandArgs(argv, {
    format: { type: "string", default: "text" },
    config: { type: "string" },
    local: { type: "boolean", default: false },
    remote: { type: "boolean", default: false },
  });
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError("no file given (try: pns score examples/demo.pns)");
  if (values.format !== "text" && values.format !== "json") {
    throw new UsageError(`--format must be text or json, got '${values.format}'`);
  }
  return {
    files: positionals,
    format: values.format,
    config: values.config,
    local: values.local === true,
    remote: values.remote === true,
  };
}

const num = (v: number | null): string => (v === null ? "—" : (Math.round(v * 1000) / 1000).toFixed(3));
const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, " ");

/** One component: value, its share of the composite (weights renormalised), reason, provenance. */
function componentLine(c: ComponentScore, totalWeight: number): string {
  const weight =
    c.name === "accuracy"
      ? "gate "
      : c.weight > 0 && totalWeight > 0
        ? `×${(c.weight / totalWeight).toFixed(2)}`
        : "  –  ";
  const source = c.provenance
    ? ` [${c.provenance.model} @ ${c.provenance.endpoint}${c.provenance.promptVersion ? `, ${c.provenance.promptVersion}` : ""}, ${c.provenance.scoredAt}${c.provenance.cached ? ", cached" : ""}]`
    : "";
  return `      ${c.name.padEnd(11)} ${num(c.value).padStart(6)} ${weight.padEnd(6)} ${oneLine(c.reason)}${source}`;
}

/** Summary counts over samples, added up as they stream (the mean sums in file order, as before). */
class Summary {
  samples = 0;
  correct = 0;
  plausibility = 0;
  malformed = 0;
  unscorable = 0;
  private negatives = 0;
  private negativeSum = 0;

  add(s: SampleReport): void {
    this.samples++;
    if (s.outcome === "correct") this.correct++;
    else if (s.outcome === "plausibility") this.plausibility++;
    else if (s.outcome === "malformed") this.malformed++;
    else if (s.outcome === "unscorable") this.unscorable++;
    if (s.role === "negative" && s.composite !== null) {
      this.negatives++;
      this.negativeSum += s.composite;
    }
  }

  toJSON() {
    return {
      samples: this.samples,
      correct: this.correct,
      plausibility: this.plausibility,
      malformed: this.malformed,
      unscorable: this.unscorable,
      meanNegativeReward: this.negatives > 0 ? this.negativeSum / this.negatives : null,
    };
  }
}

/** The text report: written as it streams; each file ends with its summary. */
class TextReport implements AnalysisVisitor {
  private summary: Summary | undefined;

  constructor(private readonly out: Output) {}

  async segment(file: StreamedFile, analysis: FileAnalysis): Promise<void> {
    if (!this.summary) {
      this.summary = new Summary();
      await this.out.write(`${file.display}\n`);
    }
    for (const s of analysis.samples) {
      this.summary.add(s);
      const where = `${file.display}:${s.range.start.line + 1}`;
      await this.out.write(
        `  ${s.problemId} #${s.sampleIndex + 1} ${s.role.padEnd(8)} reward ${num(s.composite)} (${s.outcome})  ${where}\n`,
      );
      await this.out.write(`      ${oneLine(s.reason)}\n`);
      const total = s.components.reduce((sum, c) => sum + (c.name === "accuracy" ? 0 : c.weight), 0);
      for (const c of s.components) await this.out.write(`${componentLine(c, total)}\n`);
    }
  }

  async endFile(): Promise<void> {
    const sum = (this.summary ?? new Summary()).toJSON();
    this.summary = undefined;
    await this.out.write(
      `\n${sum.samples} samples: ${sum.correct} correct, ${sum.plausibility} scored for plausibility, ${sum.malformed} malformed, ${sum.unscorable} unscorable; mean negative reward ${num(sum.meanNegativeReward)}\n\n`,
    );
  }

  finish(): Promise<void> {
    return Promise.resolve();
  }

  dispose(): void {}
}

/** The JSON report: `{files: [{file, summary, samples}]}`; a file's samples wait in a spool. */
class JsonReport implements AnalysisVisitor {
  private samples = new LineSpool();
  private summary = new Summary();
  private files = 0;

  constructor(private readonly out: Output) {}

  segment(_file: StreamedFile, analysis: FileAnalysis): Promise<void> {
    for (const s of analysis.samples) {
      this.summary.add(s);
      this.samples.push(JSON.stringify(sampleJson(s)));
    }
    return Promise.resolve();
  }

  async endFile(file: StreamedFile): Promise<void> {
    await this.out.write(this.files === 0 ? '{\n  "files": [\n    ' : ",\n    ");
    const head = { file: file.display, summary: this.summary.toJSON() };
    await writePrettyWithList(this.out, head, "samples", this.samples.entries(), this.samples.count, 4);
    this.files++;
    this.samples = new LineSpool();
    this.summary = new Summary();
  }

  async finish(): Promise<void> {
    await this.out.write(this.files === 0 ? '{\n  "files": []\n}\n' : "\n  ]\n}\n");
  }

  dispose(): void {
    this.samples.dispose();
  }
}

function sampleJson(s: SampleReport) {
  return {
    problemId: s.problemId,
    sampleIndex: s.sampleIndex,
    role: s.role,
    line: s.range.start.line + 1,
    reward: s.composite,
    outcome: s.outcome,
    used: s.used,
    reason: s.reason,
    components: s.components,
    verdict: {
      equal: s.verdict.equal,
      gradable: s.verdict.gradable,
      extracted: s.verdict.extracted,
      rule: s.verdict.rule,
      reason: s.verdict.reason,
      gold: s.verdict.gold,
    },
    ...(s.firstSlip
      ? {
          firstSlip: {
            text: s.firstSlip.text,
            line: s.firstSlip.range.start.line + 1,
            column: s.firstSlip.range.start.character + 1,
          },
        }
      : {}),
  };
}

export const scoreCommand: CliCommand = {
  name: "score",
  summary: "Print each sample's reward components, composite and reasons",
  help: HELP,
  async run(argv, io) {
    const args = parse(argv);
    const gate = remoteGate(args, io.env);
    const out = new Output(io.stdout);
    const report = args.format === "json" ? new JsonReport(out) : new TextReport(out);
    try {
      // A CliFailure (bad config, unreadable file list) is a UsageError: runCli reports it, exit 2.
      const result = await analyzeFiles(
        args.files,
        io,
        { config: args.config, ...gate, command: "score" },
        report,
      );
      await report.finish();
      await out.flush();
      return result.failed ? EXIT_USAGE : EXIT_OK;
    } finally {
      report.dispose();
    }
  },
};
