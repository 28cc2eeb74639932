/** Where a JSON text first goes wrong: offset (UTF-16), 1-based line and column, and what was expected. */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  message: string;
}

type Expect = "value" | "key" | "colon" | "commaOrEnd" | "done";

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/**
 * Finds the first syntax error in `text`, or undefined when it is valid JSON. `JSON.parse` in
 * Node 20 often names no position ("Unexpected token '}', ... is not valid JSON"), so the reward
 * server runs this scanner after a failed parse to point the client at line and column. It is
 * iterative (an explicit stack), so hostile nesting depth cannot overflow the call stack.
 */
export function findJsonError(text: string): JsonSyntaxError | undefined {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  let expect: Expect = "value";
  const fail = (offset: number, message: string): JsonSyntaxError => ({
    offset,
    ...lineColumn(text, offset),
    message,
  });
  const after = (): Expect => (stack.length > 0 ? "commaOrEnd" : "done");

  for (;;) {
    skipWhitespace();
    if (i >= n) return expect === "done" ? undefined : fail(i, "unexpected end of input");
    const c = text[i];
    if (expect === "done") return fail(i, "unexpected data after the JSON value");
    if (expect === "colon") {
      if (c !== ":") return fail(i, "expected ':' after a property name");
      i++;
      expect = "value";
      continue;
    }
    if (expect === "commaOrEnd") {
      const top = stack[stack.length - 1];
      if (c === ",") {
        i++;
        expect = top === "{" ? "key" : "value";
      } else if ((top === "{" && c === "}") || (top === "[" && c === "]")) {
        stack.pop();
        i++;
        expect = after();
      } else {
        return fail(i, top === "{" ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array");
      }
      continue;
    }
    if (expect === "key") {
      if (c !== '"') return fail(i, "expected a property name in double quotes");
      const error = scanString();
      if (error) return error;
      expect = "colon";
      continue;
    }
    // expect === "value"
    if (c === "{" || c === "[") {
      stack.push(c);
      i++;
      skipWhitespace();
      const close = c === "{" ? "}" : "]";
      if (text[i] === close) {
        stack.pop();
        i++;
        expect = after();
      } else {
        expect = c === "{" ? "key" : "value";
      }
      continue;
    }
    if (c === '"') {
      const error = scanString();
      if (error) return error;
      expect = after();
      continue;
    }
    NUMBER.lastIndex = i;
    if ((c === "-" || (c >= "0" && c <= "9")) && NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      expect = after();
      continue;
    }
    const literal = ["true", "false", "null"].find((word) => text.startsWith(word, i));
    if (literal) {
      i += literal.length;
      expect = after();
      continue;
    }
    return fail(i, `unexpected character ${JSON.stringify(c)}`);
  }

  function skipWhitespace(): void {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  }

  function scanString(): JsonSyntaxError | undefined {
    const start = i;
    i++;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (ch === 0x22) {
        i++;
        return undefined;
      }
      if (ch === 0x5c) {
        const next = text[i + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail(i, "invalid \\u escape");
          i += 6;
        } else if (next !== undefined && ESCAPES.has(next)) {
          i += 2;
        } else {
          return fail(i, "invalid escape in string");
        }
        continue;
      }
      if (ch < 0x20) return fail(i, "control character in string (escape it)");
      i++;
    }
    return fail(start, "unterminated string");
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf("\n"); k !== -1 && k < offset; k = text.indexOf("\n", k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
