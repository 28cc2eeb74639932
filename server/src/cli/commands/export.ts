import { createReadStream, promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type CliCommand, EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError } from "../command";
import {
  type DpoSummary,
  dpoRows,
  grpoRows,
  PAIRING_STRATEGIES,
  type PairingOptions,
  type PairingStrategy,
  pnsJsonlRows,
  type PromptOptions,
} from "../../core/interop/index";
import type { PnsFile } from "../../core/format/index";
import { AtomicFile, writeFileAtomic } from "../../io/atomicWrite";
import { isParquetPath, ParquetError, rowsToParquet as parquetBytes } from "../../io/parquet";
import { openPnsStream, type PnsStream } from "../../io/pnsStream";
import { parseCommandArgs } from "../args";
import type { CliIo } from "../command";
import { Output } from "../output";
import { PROMPT_ARGS, PROMPT_HELP, promptFromArgs, promptOptionGiven } from "../promptArgs";
import { count, dpoCountsLine, dpoSummaryNotes } from "./exportSummary";

const FORMATS = ["trl-dpo", "grpo", "jsonl"] as const;
type Format = (typeof FORMATS)[number];
const DEFAULT_CAP = 4;

const HELP = `Usage: pns export <file.pns> --format trl-dpo|grpo|jsonl [-o out.jsonl|-] [options]

Writes JSON Lines for training, or the lossless problem-centric form:

  trl-dpo  {prompt, chosen, rejected, id, answer}: preference pairs for TRL's DPOTrainer
  grpo     {prompt, answer, id}: one prompt per problem for the reverse-RL (GRPO) job
  jsonl    {id, problem, answer, meta, samples, ...}: every problem, lossless;
           \`pns import\` of it gives back the same (canonical) .pns file

Options:
  -o, --output <file>          write here (atomically); - or no -o: stdout; a name ending in
                               .parquet writes Parquet (string columns: not --conversational)
  --pairing <strategy>         trl-dpo: how positives and negatives become pairs
        each-negative          one pair per negative, positives reused round-robin (default)
        all-pairs              every positive with every negative
        per-problem-cap        every negative once before any twice, at most N per problem
  --max-pairs-per-problem <N>  the cap N (implies --pairing per-problem-cap; default ${DEFAULT_CAP})
  --seed <N>                   trl-dpo: shuffle each problem's samples before pairing, reproducibly
  --keep-mislabelled           trl-dpo: keep samples the grader contradicts (by default a negative
                               whose answer equals the gold, or a positive whose answer differs,
                               is left out: as a pair it would teach preferring a wrong answer)
  --keep-ungradable            trl-dpo: keep samples the grader cannot decide (no final answer,
                               over a size bound); by default they are left out and counted
${PROMPT_HELP}

Samples marked status=rejected (a reviewer's triage verdict) are left out of pairs. A file with
parse errors is refused: fix them first (\`pns lint\`). See docs/interop.md.

Examples:
  pns export data.pns --format trl-dpo -o dpo.jsonl
  pns export data.pns --format trl-dpo --max-pairs-per-problem 4 --seed 1 --conversational -o dpo.jsonl
  pns export data.pns --format grpo --prompt-template $'Solve: {problem}\n' -o grpo.jsonl
  pns export data.pns --format jsonl | pns import - > same.pns

Exit codes: 0 written, 1 the file has errors or yields no pairs, 2 usage or I/O error.
`;

interface Options {
  input: string;
  output: string | undefined;
  format: Format;
  pairing: PairingOptions;
  conversational: boolean;
  keepMislabelled: boolean;
  keepUngradable: boolean;
  prompt: Parameters<typeof promptFromArgs>[0];
}

function parseOptions(argv: string[]): Options {
  const parsed = parseCommandArgs(argv, {
    output: { type: "string", short: "o" },
    format: { type: "string" },
    pairing: { type: "string" },
    "max-pairs-per-problem": { type: "string" },
    seed: { type: "string" },
    "keep-mislabelled": { type: "boolean" },
    "keep-ungradable": { type: "boolean" },
    ...PROMPT_ARGS,
  });
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError("expected one .pns file; see --help");
  const format = values.format as Format | undefined;
  if (format === undefined) throw new UsageError(`--format is required: ${FORMATS.join(", ")}`);
  if (!FORMATS.includes(format))
    throw new UsageError(`unknown --format '${format}'; expected ${FORMATS.join(", ")}`);

  const onlyFor = (option: string, formats: readonly Format[]): void => {
    if (!formats.includes(format))
      throw new UsageError(`${option} applies to --format ${formats.join(", ")} only`);
  };
  if (values.pairing !== undefined) onlyFor("--pairing", ["trl-dpo"]);
  if (values["max-pairs-per-problem"] !== undefined) onlyFor("--max-pairs-per-problem", ["trl-dpo"]);
  if (values.seed !== undefined) onlyFor("--seed", ["trl-dpo"]);
  if (values["keep-mislabelled"]) onlyFor("--keep-mislabelled", ["trl-dpo"]);
  if (values["keep-ungradable"]) onlyFor("--keep-ungradable", ["trl-dpo"]);
  if (values.output !== undefined && isParquetPath(values.output)) {
    if (format === "jsonl")
      throw new UsageError("--format jsonl is nested (samples, metadata): write it as JSONL, not Parquet");
    if (values.conversational)
      throw new UsageError(
        "--conversational rows are message lists: write them as JSONL (Parquet export writes string columns)",
      );
  }
  const promptOption = promptOptionGiven(values);
  if (promptOption !== undefined) onlyFor(promptOption, ["trl-dpo", "grpo"]);

  const cap = values["max-pairs-per-problem"];
  const strategy = (values.pairing ??
    (cap !== undefined ? "per-problem-cap" : "each-negative")) as PairingStrategy;
  if (!PAIRING_STRATEGIES.includes(strategy)) {
    throw new UsageError(`unknown --pairing '${strategy}'; expected ${PAIRING_STRATEGIES.join(", ")}`);
  }
  if (cap !== undefined && strategy !== "per-problem-cap") {
    throw new UsageError(`--max-pairs-per-problem goes with --pairing per-problem-cap, not ${strategy}`);
  }
  return {
    input: positionals[0],
    output: values.output === "-" ? undefined : values.output,
    format,
    pairing: {
      strategy,
      maxPairsPerProblem: cap === undefined ? DEFAULT_CAP : integer(cap, "--max-pairs-per-problem", 1),
      seed: values.seed === undefined ? undefined : integer(values.seed, "--seed", 0),
    },
    conversational: values.conversational ?? false,
    keepMislabelled: values["keep-mislabelled"] ?? false,
    keepUngradable: values["keep-ungradable"] ?? false,
    prompt: values,
  };
}

function integer(text: string, option: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${option} must be an integer of at least ${min}, not '${text}'`);
  }
  return value;
}

export const exportCommand: CliCommand = {
  name: "export",
  summary: "Export a .pns file as TRL DPO pairs, GRPO prompts or lossless JSONL",
  help: HELP,
  async run(argv, io) {
    const options = parseOptions(argv);
    const prompt: PromptOptions = {
      ...(await promptFromArgs(options.prompt)),
      conversational: options.conversational,
    };
    let stream: PnsStream;
    try {
      stream = await openPnsStream(options.input);
    } catch (error) {
      io.stderr.write(`pns export: cannot read ${options.input}: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    const summary: DpoSummary = {
      pairs: 0,
      unpairedProblems: 0,
      rejectedSamples: 0,
      negativesEqualToPositive: 0,
    };
    // Rows go to a temp file as they come (next to -o, renamed at the end; for stdout, copied
    // out at the end): an error found late in the file must still mean nothing is exported.
    // Opened at the first row, so that a file with errors never touches the output.
    let sink: RowSink | undefined;
    // Parquet is written in one piece from the rows in memory (its column chunks need them all):
    // only JSON Lines streams.
    const parquet = options.output !== undefined && isParquetPath(options.output);
    const collected: Array<Record<string, unknown>> = [];
    let rowCount = 0;
    let problems = 0;
    /** Whether an I/O error comes from the output (the input is read in between). */
    let writing = false;
    let errors = 0;
    try {
      let firstProblem = true;
      for await (const parsed of stream.segments) {
        for (const d of parsed.diagnostics) {
          if (d.severity !== "error") continue;
          errors++;
          const { line, character } = d.range.start;
          io.stderr.write(`${options.input}:${line + 1}:${character + 1}: error: ${d.message} [${d.code}]\n`);
        }
        if (errors > 0 || parsed.file.problems.length === 0) continue;
        // The segment as a file of its own: the header comments ride on the file's first problem,
        // the trailing ones on its last (as pnsJsonlRows writes them for a whole file).
        const part: PnsFile = {
          ...parsed.file,
          headerComments: firstProblem ? (stream.parser.header?.headerComments ?? []) : [],
          trailingComments: parsed.atEnd ? parsed.file.trailingComments : [],
        };
        firstProblem = false;
        problems += part.problems.length;
        const rows =
          options.format === "trl-dpo"
            ? dpoRows(part, options.pairing, prompt, summary, {
                verifyAnswers: !options.keepMislabelled,
                keepUngradable: options.keepUngradable,
              })
            : options.format === "grpo"
              ? grpoRows(part, prompt)
              : pnsJsonlRows(part);
        for (const row of rows) {
          rowCount++;
          if (parquet) {
            collected.push(row as unknown as Record<string, unknown>);
            continue;
          }
          writing = true;
          sink ??= await RowSink.open(options.output);
          await sink.write(`${JSON.stringify(row)}\n`);
          writing = false;
        }
      }
    } catch (error) {
      await sink?.abort();
      const message = (error as Error).message;
      io.stderr.write(
        `pns export: cannot ${writing ? "write" : "read"} ${writing ? options.output : options.input}: ${message}\n`,
      );
      return EXIT_USAGE;
    }
    if (errors > 0) {
      await sink?.abort();
      io.stderr.write(`pns export: ${options.input} has ${errors} error(s); nothing exported\n`);
      return EXIT_DATA;
    }
    try {
      if (parquet) await writeFileAtomic(options.output!, parquetBytes(collected));
      else {
        sink ??= await RowSink.open(options.output);
        await sink.commit(io);
      }
    } catch (error) {
      if (error instanceof ParquetError) throw new UsageError(error.message);
      io.stderr.write(`pns export: cannot write ${options.output}: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }

    const where = options.output === undefined ? "" : ` to ${options.output}`;
    if (options.format !== "trl-dpo") {
      io.stderr.write(`pns export: wrote ${count(rowCount, `${options.format} row`)}${where}\n`);
      return EXIT_OK;
    }
    const notes = dpoSummaryNotes(summary);
    io.stderr.write(
      `pns export: wrote ${count(summary.pairs, "pair")} (${options.pairing.strategy}) from ` +
        `${count(problems - summary.unpairedProblems, "problem")}${where}` +
        `${notes.length > 0 ? `; ${notes.join(", ")}` : ""}\n`,
    );
    io.stderr.write(`${dpoCountsLine(summary, problems)}\n`);
    if (summary.pairs === 0) {
      io.stderr.write("pns export: no pairs: no problem has both a usable positive and a usable negative\n");
      return EXIT_DATA;
    }
    return EXIT_OK;
  },
};

/** Where rows go until the export is known to succeed: a temp file, renamed or copied to stdout. */
class RowSink {
  private buffered: string[] = [];
  private size = 0;

  private constructor(
    private readonly file: AtomicFile,
    private readonly toStdout: string | undefined,
  ) {}

  static async open(output: string | undefined): Promise<RowSink> {
    if (output !== undefined) return new RowSink(await AtomicFile.create(output), undefined);
    const dir = await fs.mkdtemp(path.join(tmpdir(), "pns-export-"));
    const file = path.join(dir, "rows.jsonl");
    return new RowSink(await AtomicFile.create(file), dir);
  }

  async write(text: string): Promise<void> {
    this.buffered.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  async commit(io: CliIo): Promise<void> {
    await this.flush();
    await this.file.commit();
    if (this.toStdout === undefined) return;
    try {
      const out = new Output(io.stdout);
      for await (const chunk of createReadStream(this.file.target, {
        encoding: "utf8",
        highWaterMark: 1 << 20,
      })) {
        await out.write(chunk as string);
      }
      await out.flush();
    } finally {
      await fs.rm(this.toStdout, { recursive: true, force: true });
    }
  }

  async abort(): Promise<void> {
    await this.file.abort();
    if (this.toStdout !== undefined) await fs.rm(this.toStdout, { recursive: true, force: true });
  }

  private async flush(): Promise<void> {
    const text = this.buffered.join("");
    this.buffered = [];
    this.size = 0;
    await this.file.write(text);
  }
}
