/**
 * Text edits of `@positive`/`@negative` directive lines for triage: set a metadata value, swap
 * the role. Pure (no vscode) and line-based: the caller maps the result to a WorkspaceEdit.
 * Metadata syntax (docs/format.md): `key=value` separated by spaces or tabs; a value is bare (no
 * `"`, no whitespace, not empty) or a JSON string.
 */
export interface MetaToken {
  key: string;
  /** Offsets of the whole `key=value` token in the line. */
  start: number;
  end: number;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The `key=value` tokens after the directive word; malformed tokens are skipped, not fixed. */
export function metaTokens(line: string): MetaToken[] {
  const tokens: MetaToken[] = [];
  let i = line.search(/[ \t]/);
  if (i < 0) return tokens;
  while (i < line.length) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (i >= line.length) break;
    const start = i;
    while (i < line.length && line[i] !== "=" && line[i] !== " " && line[i] !== "\t") i++;
    const key = line.slice(start, i);
    if (line[i] === "=" && line[i + 1] === '"') {
      // A JSON string: skip to its closing quote, honouring backslash escapes.
      i += 2;
      while (i < line.length && line[i] !== '"') i += line[i] === "\\" ? 2 : 1;
      i = Math.min(line.length, i + 1);
    } else {
      while (i < line.length && line[i] !== " " && line[i] !== "\t") i++;
    }
    if (KEY.test(key) && line.slice(start).startsWith(`${key}=`)) tokens.push({ key, start, end: i });
  }
  return tokens;
}

/** A value as the serializer writes it: bare when it reads back unchanged, else a JSON string. */
export function metaValue(value: string): string {
  return value !== "" && !/["\s\p{Cc}]/u.test(value) ? value : JSON.stringify(value);
}

/** The directive line with `key` set to `value` (replacing every earlier value of the key). */
export function setMeta(line: string, key: string, value: string): string {
  if (!KEY.test(key)) throw new Error(`invalid metadata key ${JSON.stringify(key)}`);
  const tokens = metaTokens(line).filter((t) => t.key === key);
  const written = `${key}=${metaValue(value)}`;
  if (tokens.length === 0) return `${line.replace(/[ \t]+$/, "")} ${written}`;
  let out = line.slice(0, tokens[0].start) + written + line.slice(tokens[0].end);
  // A duplicated key (an error in the file) collapses to the one we set.
  for (const t of tokens.slice(1).reverse()) {
    const shift = written.length - (tokens[0].end - tokens[0].start);
    out = out.slice(0, t.start + shift).replace(/[ \t]+$/, "") + out.slice(t.end + shift);
  }
  return out;
}

/** `@positive …` ↔ `@negative …`; undefined when the line is not a sample directive. */
export function swapRole(line: string): string | undefined {
  const m = /^@(positive|negative)(?=$|[ \t])/.exec(line);
  if (!m) return undefined;
  return `@${m[1] === "positive" ? "negative" : "positive"}${line.slice(m[0].length)}`;
}

/** What a triage action writes on the directive line (docs/format.md: `status` values). */
export const TRIAGE_STATUS = { accept: "accepted", reject: "rejected", flag: "flagged" } as const;
