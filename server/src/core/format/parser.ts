import type {
  Answer,
  Comment,
  ParseDiagnostic,
  PnsFile,
  Position,
  Problem,
  Range,
  Role,
  Sample,
} from "./ast";
import { BodyBuilder } from "./body";
import { PARSE_CODES, type ParseCode } from "./codes";
import { crAtLineEndFinding, fileFindings, lineEndOf } from "./fileChecks";
import { parseHeader } from "./header";
import { isBlankChar, looksLikeMeta, MetaReader, type Report } from "./meta";
import { emptyRange, positionOn, rangeOn } from "./position";

const AT = 64;
const HASH = 35;
const SPACE = 32;
const CR = 13;
const BOM = 0xfeff;

/** Problem ids: `[A-Za-z0-9][A-Za-z0-9_.:/-]*`. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;

/** What the lines below the last directive belong to. */
const enum State {
  /** After `@pns`, before the first directive: header comments (or stray text). */
  Header,
  Statement,
  AnswerBlock,
  /** After `@answer <text>`: only blank and comment lines are expected. */
  AnswerInline,
  Sample,
}

export interface ParseOptions {
  /**
   * The text is a part of a file that goes on with a directive line (with the same line end):
   * its last body ends as it would before that directive (a final blank line is the separator,
   * comment lines at the end lead into what follows and are left out). The language server
   * parses each problem of a big file on its own this way, with the result a whole-file parse
   * gives for that part.
   */
  continues?: boolean;
  /**
   * The file-level checks (`duplicate-id`, `mixed-eol`, `cr-at-line-end`: fileChecks.ts). Default true; a reader
   * that parses a file part by part turns them off and runs them over the parts' summaries.
   */
  fileChecks?: boolean;
}

/**
 * Parses `.pns` text into a full tree with ranges. Never throws: every problem becomes a
 * diagnostic with a stable code (docs/format.md) and the rest of the file is still read.
 * One pass over the text; lines are found with `indexOf` and bodies are slices of the source.
 */
export function parse(text: string, options: ParseOptions = {}): PnsFile {
  return new Parser(text, options.continues === true, options.fileChecks !== false).run();
}

class Parser {
  private readonly diagnostics: ParseDiagnostic[] = [];
  private readonly problems: Problem[] = [];
  private readonly headerComments: Comment[] = [];
  private trailingComments: Comment[] = [];
  private readonly ids: { id: string; range: Range }[] = [];
  private readonly reportBound: Report = (code, message, range) => this.report(code, message, range);
  private readonly meta: MetaReader;
  private readonly body = new BodyBuilder();
  private preamble: Problem | undefined;
  private state = State.Header;
  private problem: Problem | undefined;
  private sample: Sample | undefined;
  private answer: Answer | undefined;
  /** The answer being read is a second one: kept aside in `duplicateAnswers`, not checked. */
  private answerDiscarded = false;
  private textAfterAnswerReported = false;
  /** Where an empty body sits: the end of its directive line. */
  private blockEnd: Position = { line: 0, character: 0, offset: 0 };
  private version = 1;
  private hasHeader = false;
  // The line being read.
  private line = 0;
  private lineStart = 0;
  private lineCrlf = false;

  constructor(
    private readonly text: string,
    private readonly continues: boolean,
    private readonly fileChecks: boolean,
  ) {
    this.meta = new MetaReader(text, this.reportBound);
  }

  run(): PnsFile {
    const text = this.text;
    const len = text.length;
    let pos = 0;
    const bom = len > 0 && text.charCodeAt(0) === BOM;
    if (bom) {
      this.report("bom", "the file starts with a UTF-8 byte order mark (kept as is)", rangeOn(0, 0, 0, 1));
      pos = 1;
    }
    this.body.reset(text);
    let lfLines = 0;
    let crlfLines = 0;
    let firstLf: Range | undefined;
    let firstCrlf: Range | undefined;
    // Lines whose text ends with a `\r` (`x\r\r\n`): with `\n` line ends it cannot be written.
    let crEnds: Range[] | undefined;
    while (pos < len) {
      const nl = text.indexOf("\n", pos);
      let end: number;
      let next: number;
      this.lineCrlf = false;
      if (nl === -1) {
        // A CR that ends the file is a line end cut short, not text: written back, it would
        // meet the line end the serializer adds and read as CRLF.
        end = len > pos && text.charCodeAt(len - 1) === CR ? len - 1 : len;
        next = len;
        if (end < len && end > pos && text.charCodeAt(end - 1) === CR) {
          (crEnds ??= []).push(rangeOn(this.line, this.lineStart, end - 1, end));
        }
      } else {
        next = nl + 1;
        if (nl > pos && text.charCodeAt(nl - 1) === CR) {
          end = nl - 1;
          if (end > pos && text.charCodeAt(end - 1) === CR) {
            (crEnds ??= []).push(rangeOn(this.line, this.lineStart, end - 1, end));
          }
          this.lineCrlf = true;
          crlfLines++;
          firstCrlf ??= rangeOn(this.line, this.lineStart, end, nl);
        } else {
          end = nl;
          lfLines++;
          firstLf ??= rangeOn(this.line, this.lineStart, end, end);
        }
      }
      if (this.line === 0) this.firstLine(pos, end);
      else this.readLine(pos, end);
      pos = next;
      this.line++;
      this.lineStart = next;
    }
    // An empty text that continues has no first line: the file's first line comes after it.
    if ((len === 0 || (bom && len === 1)) && !this.continues) {
      this.report(
        "missing-header",
        "empty file: expected '@pns 1' on the first line",
        rangeOn(0, 0, pos, pos),
      );
    }
    // Comments at the end of a text that continues lead into the directive after it: not ours.
    this.closeBlock(!this.continues);
    this.closeProblem();
    if (this.fileChecks) {
      const lineEnds = { lf: lfLines, crlf: crlfLines, firstLf, firstCrlf };
      const at = { line: 0, offset: 0 };
      for (const { finding } of fileFindings([{ ...at, lineEnds, ids: this.ids }]))
        this.diagnostics.push(finding);
    }
    // The directive line after a continuing text counts for the file's line end.
    if (this.continues && text.endsWith("\r\n")) crlfLines++;
    else if (this.continues) lfLines++;
    const eol = lineEndOf({ lf: lfLines, crlf: crlfLines });
    // Whether a `\r` before a line end is lost depends on the whole file's line end: a file check.
    if (this.fileChecks && eol === "\n") {
      for (const range of crEnds ?? []) this.diagnostics.push(crAtLineEndFinding(range));
    }
    const diagnostics = this.diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset);
    const file: PnsFile = {
      version: this.version,
      hasHeader: this.hasHeader,
      headerComments: this.headerComments,
      problems: this.problems,
      trailingComments: this.trailingComments,
      eol,
      bom,
      diagnostics,
    };
    if (this.preamble) file.preamble = this.preamble;
    return file;
  }

  private report(code: ParseCode, message: string, range: Range): void {
    this.diagnostics.push({ code, message, severity: PARSE_CODES[code], range });
  }

  private at(offset: number): Position {
    return positionOn(this.line, this.lineStart, offset);
  }

  private lineRange(start: number, end: number): Range {
    return rangeOn(this.line, this.lineStart, start, end);
  }

  private firstLine(start: number, end: number): void {
    const text = this.text;
    if (text.startsWith("@pns", start)) {
      const nameEnd = start + 4;
      if (nameEnd === end || isBlankChar(text.charCodeAt(nameEnd))) {
        this.hasHeader = true;
        this.version = parseHeader(
          text,
          start,
          nameEnd,
          end,
          this.line,
          this.lineStart,
          this.reportBound,
        ).version;
        return;
      }
    }
    this.report("missing-header", "expected '@pns 1' on the first line", this.lineRange(start, end));
    this.readLine(start, end);
  }

  private readLine(start: number, end: number): void {
    const text = this.text;
    if (start === end) {
      this.body.addBlank(this.line, this.lineStart, start, this.lineCrlf);
      return;
    }
    if (text.charCodeAt(start) !== AT) {
      this.textLine(start, start, end);
      return;
    }
    const second = start + 1 < end ? text.charCodeAt(start + 1) : -1;
    if (second === AT) {
      this.textLine(start, start + 1, end);
      return;
    }
    if (second === HASH) {
      const from = start + 2 < end && text.charCodeAt(start + 2) === SPACE ? start + 3 : start + 2;
      this.body.addComment({ text: text.slice(from, end), range: this.lineRange(start, end) });
      return;
    }
    let nameEnd = start + 1;
    while (nameEnd < end && !isBlankChar(text.charCodeAt(nameEnd))) nameEnd++;
    const name = text.slice(start + 1, nameEnd);
    switch (name) {
      case "problem":
        this.startProblem(start, nameEnd, end);
        return;
      case "answer":
        this.startAnswer(start, nameEnd, end);
        return;
      case "positive":
      case "negative":
        this.startSample(name, start, nameEnd, end);
        return;
      case "pns":
        this.report(
          "misplaced-header",
          "'@pns' belongs on the first line only; read here as text (write '@@pns' for a text line)",
          this.lineRange(start, nameEnd),
        );
        break;
      default:
        this.report(
          "unknown-directive",
          `unknown directive '@${clip(name)}': a text line that starts with '@' is written with '@@'`,
          this.lineRange(start, nameEnd),
        );
    }
    this.textLine(start, start, end);
  }

  /** A body line whose text is `[from, end)` (`from` skips the escaping `@` of an `@@` line). */
  private textLine(start: number, from: number, end: number): void {
    if (this.state === State.Header) {
      // Comments above the first stray text are header comments; the text itself is kept as the
      // statement of a nameless preamble problem so that nothing is lost.
      if (this.body.isEmpty) this.headerComments.push(...this.body.drainComments());
      this.problem = this.ensurePreamble(this.at(start));
      this.state = State.Statement;
      this.blockEnd = this.at(start);
    } else if (this.state === State.AnswerInline) {
      const answer = this.answer!;
      if (!this.textAfterAnswerReported) {
        this.textAfterAnswerReported = true;
        this.report(
          "text-after-answer",
          "text below a one-line '@answer': write a multi-line answer as a block ('@answer' alone, the answer below)",
          this.lineRange(start, end),
        );
      }
      answer.block = true;
      this.body.seedLine(answer.valueRange.start, answer.valueRange.end);
      this.state = State.AnswerBlock;
    }
    this.body.addLine(this.line, this.lineStart, start, from, end, this.lineCrlf);
  }

  private ensurePreamble(at: Position): Problem {
    this.preamble ??= {
      kind: "problem",
      id: "",
      meta: [],
      statement: { text: "", range: emptyRange(at), comments: [] },
      samples: [],
      leadingComments: [],
      range: emptyRange(at),
      headerRange: emptyRange(at),
      idRange: emptyRange(at),
    };
    return this.preamble;
  }

  /** The problem a sample or answer directive belongs to; before any `@problem`, the preamble. */
  private owner(headerRange: Range, what: string): Problem {
    if (this.problem && this.problem !== this.preamble) return this.problem;
    this.report("text-before-problem", `${what} before any '@problem'`, headerRange);
    this.problem = this.ensurePreamble(headerRange.start);
    return this.problem;
  }

  private startProblem(start: number, nameEnd: number, end: number): void {
    const text = this.text;
    const leading = this.closeBlock(false);
    this.closeProblem();
    const headerRange = this.lineRange(start, end);
    let i = nameEnd;
    while (i < end && isBlankChar(text.charCodeAt(i))) i++;
    let tokenEnd = i;
    while (tokenEnd < end && !isBlankChar(text.charCodeAt(tokenEnd))) tokenEnd++;
    let id = "";
    let idRange: Range;
    let metaFrom = nameEnd;
    if (i < end && !looksLikeMeta(text, i, tokenEnd)) {
      id = text.slice(i, tokenEnd);
      idRange = this.lineRange(i, tokenEnd);
      metaFrom = tokenEnd;
      if (!ID_PATTERN.test(id)) {
        this.report(
          "invalid-id",
          `invalid problem id '${clip(id)}': an id starts with a letter or digit and has only letters, digits and _ . : / -`,
          idRange,
        );
      }
    } else {
      idRange = rangeOn(this.line, this.lineStart, nameEnd, nameEnd);
      this.report(
        "missing-id",
        "'@problem' needs an id: '@problem <id> [key=value …]'",
        this.lineRange(start, nameEnd),
      );
    }
    const meta = this.meta.read(metaFrom, end, this.line, this.lineStart);
    const problem: Problem = {
      kind: "problem",
      id,
      meta,
      statement: { text: "", range: emptyRange(headerRange.end), comments: [] },
      samples: [],
      leadingComments: leading,
      range: { start: headerRange.start, end: headerRange.end },
      headerRange,
      idRange,
    };
    if (id !== "") this.ids.push({ id, range: idRange });
    this.problems.push(problem);
    this.problem = problem;
    this.openBlock(State.Statement, headerRange);
  }

  private startAnswer(start: number, nameEnd: number, end: number): void {
    const text = this.text;
    const leading = this.closeBlock(false);
    const headerRange = this.lineRange(start, end);
    const problem = this.owner(headerRange, "'@answer'");
    const rest = text.slice(nameEnd, end);
    const value = rest.trim();
    const valueStart = nameEnd + (rest.length - rest.trimStart().length);
    const valueRange =
      value === "" ? emptyRange(headerRange.end) : this.lineRange(valueStart, valueStart + value.length);
    const answer: Answer = {
      text: value,
      block: value === "",
      leadingComments: leading,
      range: { start: headerRange.start, end: headerRange.end },
      headerRange,
      valueRange,
      comments: [],
    };
    this.answerDiscarded = problem.answer !== undefined;
    if (problem.answer) {
      // A distance, not a line number: the language server parses each problem on its own, and
      // the message stays true wherever the problem moves in the file.
      const above = headerRange.start.line - problem.answer.headerRange.start.line;
      this.report(
        "duplicate-answer",
        `a second '@answer' for this problem (the first is ${above} line${above === 1 ? "" : "s"} above)`,
        headerRange,
      );
      (problem.duplicateAnswers ??= []).push(answer);
    } else {
      if (problem.samples.length > 0 && problem !== this.preamble) {
        this.report(
          "answer-after-sample",
          "'@answer' is written after a sample; 'pns fmt' moves it up",
          headerRange,
        );
      }
      problem.answer = answer;
    }
    this.answer = answer;
    this.textAfterAnswerReported = false;
    this.openBlock(value === "" ? State.AnswerBlock : State.AnswerInline, headerRange);
  }

  private startSample(role: Role, start: number, nameEnd: number, end: number): void {
    const leading = this.closeBlock(false);
    const headerRange = this.lineRange(start, end);
    const problem = this.owner(headerRange, `'@${role}'`);
    const meta = this.meta.read(nameEnd, end, this.line, this.lineStart);
    const sample: Sample = {
      kind: "sample",
      role,
      meta,
      body: { text: "", range: emptyRange(headerRange.end), comments: [] },
      leadingComments: leading,
      range: { start: headerRange.start, end: headerRange.end },
      headerRange,
      roleRange: { start: headerRange.start, end: this.at(nameEnd) },
    };
    problem.samples.push(sample);
    this.sample = sample;
    this.openBlock(State.Sample, headerRange);
  }

  private openBlock(state: State, headerRange: Range): void {
    this.state = state;
    this.blockEnd = headerRange.end;
    this.body.reset(this.text);
    if (this.problem) this.problem.range.end = headerRange.end;
  }

  /**
   * Ends the current block at a directive (or at the end of the file) and returns the comment
   * lines just above that directive: its leading comments.
   */
  private closeBlock(atEof: boolean): Comment[] {
    const body = this.body;
    if (this.state === State.Header) {
      const leading = body.takeLeading(atEof);
      this.headerComments.push(...body.drainComments());
      return this.endOfFile(atEof, leading);
    }
    if (this.state === State.AnswerInline) return this.endOfFile(atEof, body.drainComments());
    const leading = body.takeLeading(atEof);
    const done = body.finish(this.blockEnd);
    const problem = this.problem!;
    switch (this.state) {
      case State.Statement:
        problem.statement = done;
        if (problem === this.preamble) {
          if (done.text.length > 0) {
            this.report("text-before-problem", "text before any '@problem' (kept as is)", done.range);
          }
        } else if (done.text.trim().length === 0) {
          this.report(
            "empty-statement",
            `problem '${clip(problem.id)}' has no statement`,
            problem.headerRange,
          );
        }
        break;
      case State.AnswerBlock: {
        const answer = this.answer!;
        answer.text = done.text;
        answer.comments = done.comments;
        answer.valueRange = done.range;
        answer.range.end = done.range.end;
        if (!this.answerDiscarded && done.text.trim().length === 0) {
          this.report("empty-answer", "'@answer' has no answer text", answer.headerRange);
        }
        break;
      }
      case State.Sample: {
        const sample = this.sample!;
        sample.body = done;
        sample.range.end = done.range.end;
        if (done.text.trim().length === 0)
          this.report("empty-sample", `'@${sample.role}' has no text`, sample.headerRange);
        break;
      }
    }
    if (done.range.end.offset > problem.range.end.offset) problem.range.end = done.range.end;
    return this.endOfFile(atEof, leading);
  }

  private endOfFile(atEof: boolean, comments: Comment[]): Comment[] {
    if (!atEof) return comments;
    this.trailingComments = comments;
    return [];
  }

  private closeProblem(): void {
    const problem = this.problem;
    if (problem && problem !== this.preamble && !problem.answer) {
      this.report(
        "missing-answer",
        `problem '${clip(problem.id)}' has no '@answer' (the gold answer)`,
        problem.headerRange,
      );
    }
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
