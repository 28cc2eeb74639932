import type { SampleReport } from "../../core/analysis/index";
import type { ComponentScore } from "../../core/reward/index";
import { analyzeFiles, type AnalyzedFile } from "../analyzeFiles";
import { type CliCommand, type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from "../command";
import { parseCommandArgs } from "../args";

const HELP = `Usage: pns score <file.pns...> [--format text|json] [--config FILE] [--local]

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
  --local              never call the judge or reward model, even when configured

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
  });
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError("no file given (try: pns score examples/demo.pns)");
  if (values.format !== "text" && values.format !== "json") {
    throw new UsageError(`--format must be text or json, got '${values.format}'`);
  }
  return { files: positionals, format: values.format, config: values.config, local: values.local === true };
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

/** Summary counts over samples. */
function summarize(samples: SampleReport[]) {
  const by = (outcome: string) => samples.filter((s) => s.outcome === outcome).length;
  const negatives = samples.filter((s) => s.role === "negative" && s.composite !== null);
  const mean =
    negatives.length > 0 ? negatives.reduce((a, s) => a + s.composite!, 0) / negatives.length : null;
  return {
    samples: samples.length,
    correct: by("correct"),
    plausibility: by("plausibility"),
    malformed: by("malformed"),
    unscorable: by("unscorable"),
    meanNegativeReward: mean,
  };
}

function writeText(io: CliIo, files: AnalyzedFile[]): void {
  for (const file of files) {
    io.stdout.write(`${file.display}\n`);
    for (const s of file.analysis.samples) {
      const where = `${file.display}:${s.range.start.line + 1}`;
      io.stdout.write(
        `  ${s.problemId} #${s.sampleIndex + 1} ${s.role.padEnd(8)} reward ${num(s.composite)} (${s.outcome})  ${where}\n`,
      );
      io.stdout.write(`      ${oneLine(s.reason)}\n`);
      const total = s.components.reduce((sum, c) => sum + (c.name === "accuracy" ? 0 : c.weight), 0);
      for (const c of s.components) io.stdout.write(`${componentLine(c, total)}\n`);
    }
    const sum = summarize(file.analysis.samples);
    io.stdout.write(
      `\n${sum.samples} samples: ${sum.correct} correct, ${sum.plausibility} scored for plausibility, ${sum.malformed} malformed, ${sum.unscorable} unscorable; mean negative reward ${num(sum.meanNegativeReward)}\n\n`,
    );
  }
}

function writeJson(io: CliIo, files: AnalyzedFile[]): void {
  const out = {
    files: files.map((file) => ({
      file: file.display,
      summary: summarize(file.analysis.samples),
      samples: file.analysis.samples.map((s) => ({
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
      })),
    })),
  };
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

export const scoreCommand: CliCommand = {
  name: "score",
  summary: "Print each sample's reward components, composite and reasons",
  help: HELP,
  async run(argv, io) {
    const args = parse(argv);
    // A CliFailure (bad config, unreadable file list) is a UsageError: runCli reports it, exit 2.
    const result = await analyzeFiles(args.files, io, {
      config: args.config,
      local: args.local,
      command: "score",
    });
    if (args.format === "json") writeJson(io, result.files);
    else writeText(io, result.files);
    return result.failed ? EXIT_USAGE : EXIT_OK;
  },
};
