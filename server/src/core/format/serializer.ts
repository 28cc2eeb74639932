import type { Answer, Body, BodyComment, Comment, MetaEntry, PnsFile, Problem, Sample } from "./ast";
import { formatMetaValue } from "./meta";

/**
 * Whether an answer is written inline (`@answer 72`): one line, not empty, no surrounding
 * whitespace and no comments inside. Anything else is a block, so that it reads back unchanged.
 */
export function isInlineAnswer(answer: Pick<Answer, "text" | "comments">): boolean {
  const { text } = answer;
  return text.length > 0 && !text.includes("\n") && text === text.trim() && answer.comments.length === 0;
}

/** Writes a body line that starts with `@` as `@@…`, the format's one escape. */
export function escapeBody(text: string): string {
  return text.charCodeAt(0) === 64 || text.includes("\n@") ? text.replace(/(^|\n)@/g, "$1@@") : text;
}

/** What was written last: decides whether a separator blank line comes before the next block. */
const enum Last {
  Header,
  Body,
  InlineAnswer,
}

/**
 * Writes a tree in canonical form (docs/format.md, "Canonical form"). Ranges, diagnostics and
 * `hasHeader` are ignored: the header is always written. `parse(serialize(file))` gives back the
 * same tree, and `serialize(parse(text)) === text` for canonical text.
 */
export function serialize(file: PnsFile): string {
  const writer = new CanonicalWriter(file.eol);
  writer.header(file);
  if (file.preamble) writer.preamble(file.preamble);
  for (const problem of file.problems) writer.problem(problem);
  writer.end(file.trailingComments);
  return writer.take();
}

/**
 * The canonical form written piece by piece, in file order: the header, the preamble if any, each
 * problem, then the end. `pns fmt` streams a large file through it a problem at a time, taking
 * the text written so far with {@link take}; {@link serialize} writes a whole tree with it.
 */
export class CanonicalWriter {
  private parts: string[] = [];
  private last = Last.Header;
  /** The blank line after the header is written before the first preamble or problem only. */
  private headerBlankDue = false;

  constructor(private readonly eol: "\n" | "\r\n") {}

  header(file: Pick<PnsFile, "bom" | "version" | "headerComments">): void {
    if (file.bom) this.parts.push("\uFEFF");
    this.line(`@pns ${file.version}`);
    for (const comment of file.headerComments) this.comment(comment);
    this.headerBlankDue = true;
  }

  preamble(preamble: Problem): void {
    this.headerBlank();
    if (preamble.statement.text.length > 0 || preamble.statement.comments.length > 0) {
      this.body(preamble.statement);
      this.last = Last.Body;
    }
    this.rest(preamble);
  }

  problem(problem: Problem): void {
    this.headerBlank();
    if (this.last !== Last.Header) this.blank();
    for (const comment of problem.leadingComments) this.comment(comment);
    this.line(`@problem${problem.id === "" ? "" : ` ${oneLine(problem.id)}`}${meta(problem.meta)}`);
    this.body(problem.statement);
    this.last = Last.Body;
    this.rest(problem);
  }

  /** The trailing comments, after one blank line. */
  end(trailingComments: readonly Comment[]): void {
    if (trailingComments.length > 0) {
      this.blank();
      for (const comment of trailingComments) this.comment(comment);
    }
  }

  /** The text written since the last call. */
  take(): string {
    const text = this.parts.join("");
    this.parts = [];
    return text;
  }

  private headerBlank(): void {
    if (!this.headerBlankDue) return;
    this.headerBlankDue = false;
    this.blank();
  }

  private rest(problem: Problem): void {
    if (problem.answer) this.answer(problem.answer);
    for (const answer of problem.duplicateAnswers ?? []) this.answer(answer);
    for (const sample of problem.samples) this.sample(sample);
  }

  private answer(answer: Answer): void {
    this.separate();
    for (const comment of answer.leadingComments) this.comment(comment);
    if (isInlineAnswer(answer)) {
      this.line(`@answer ${answer.text}`);
      this.last = Last.InlineAnswer;
    } else {
      this.line("@answer");
      this.body({ text: answer.text, comments: answer.comments });
      this.last = Last.Body;
    }
  }

  private sample(sample: Sample): void {
    this.separate();
    for (const comment of sample.leadingComments) this.comment(comment);
    this.line(`@${sample.role}${meta(sample.meta)}`);
    this.body(sample.body);
    this.last = Last.Body;
  }

  /** One blank line after every body: the separator (docs/format.md). */
  private separate(): void {
    if (this.last === Last.Body) this.blank();
  }

  private body(body: Pick<Body, "text" | "comments">): void {
    const { text, comments } = body;
    if (comments.length === 0) {
      if (text.length > 0) this.text(text);
      return;
    }
    const lines = text.length === 0 ? [] : text.split("\n");
    const ordered = [...comments].sort((a, b) => a.beforeLine - b.beforeLine);
    let next = 0;
    const flush = (upTo: number): void => {
      if (upTo > next) this.text(lines.slice(next, upTo).join("\n"));
      next = Math.max(next, upTo);
    };
    for (const comment of ordered) {
      flush(clampLine(comment, lines.length));
      this.comment(comment);
    }
    flush(lines.length);
  }

  /** Body text (one or more lines, without the final line end). */
  private text(raw: string): void {
    // A line may end with `\r` (read from `x\r\r\n`): with `\r\n` line ends it is written back
    // as it was. With `\n` ends it would read back as a line end, so it is written as one (the
    // parser reports such a line on input, `cr-at-line-end`, and `pns fmt` refuses the file).
    const text = this.eol === "\n" && raw.includes("\r\n") ? raw.split("\r\n").join("\n") : raw;
    const escaped = escapeBody(text);
    this.parts.push(this.eol === "\n" ? escaped : escaped.split("\n").join("\r\n"), this.eol);
  }

  private comment(comment: Comment): void {
    // A comment is one line: a line break in its text (a tree built by hand) would turn the rest
    // into body text, so each of its lines becomes a comment line.
    for (const text of comment.text.split(/\r\n|\n/)) this.line(text.length === 0 ? "@#" : `@# ${text}`);
  }

  private line(line: string): void {
    this.parts.push(line, this.eol);
  }

  private blank(): void {
    this.parts.push(this.eol);
  }
}

function clampLine(comment: BodyComment, lineCount: number): number {
  return Math.max(0, Math.min(comment.beforeLine, lineCount));
}

function meta(entries: readonly MetaEntry[]): string {
  let out = "";
  for (const { key, value } of entries) out += ` ${oneLine(key)}=${formatMetaValue(value)}`;
  return out;
}

/**
 * Ids and keys cannot hold line breaks: one would split the directive and turn the rest of it into
 * body text. A tree built by hand with one gets a space instead (and then an invalid-id or
 * invalid-meta finding when read back), never a silently restructured file. A lone `\r` is text
 * in the format (docs/format.md), so an id read with one is written back as it was.
 */
function oneLine(token: string): string {
  return token.includes("\n") ? token.replace(/\r?\n/g, " ") : token;
}
