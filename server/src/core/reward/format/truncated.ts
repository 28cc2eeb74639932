import type { FormatRule } from "./rule";

/** Characters a finished response does not end on: an operator, an opening bracket, a separator. */
const DANGLING = ",;:+-*/=^_\\([{&";

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Words a sentence does not end on. */
const FUNCTION_WORDS = new Set(
  (
    "the a an and or but nor of to in on into onto is are was were be been being has have had we i you " +
    "they it so then with for by that this these those which where when while who whose what whether " +
    "from as at its their our if than because since thus hence therefore can could will would should " +
    "must may might not no each every all any both either"
  ).split(" "),
);

const describe = (kind: string, name?: string): string =>
  kind === "env" ? `\\begin{${name}}` : kind === "{" ? "brace" : kind;

/**
 * The response stops mid-sentence or mid-formula: a generation cut by the token limit. Checked at
 * the end only: an unclosed construct that runs to the end, a dangling operator, a function word.
 */
export const truncatedRule: FormatRule<"truncated"> = {
  key: "truncated",
  codes: ["truncated"],
  description: "The response ends mid-sentence or mid-formula.",
  check(response) {
    const text = response.text;
    const end = response.contentEnd;
    if (end === 0) return [];
    const open = response.math.openAtEnd;
    if (open.length > 0) {
      const outer = open[0];
      return [
        {
          code: "truncated",
          message: `Ends inside an unclosed ${describe(outer.kind, outer.name)} opened here: the response looks cut off`,
          start: outer.start,
          end,
          severity: "warning",
        },
      ];
    }
    const tailStart = Math.max(0, end - 40);
    // The trailing run of ASCII letters, found backwards (an end-anchored regex would try every start).
    let w = end;
    while (w > tailStart && isAsciiLetter(text.charCodeAt(w - 1))) w--;
    if (
      DANGLING.includes(text[end - 1]) ||
      (w < end && FUNCTION_WORDS.has(text.slice(w, end).toLowerCase()))
    ) {
      const tail = text.slice(tailStart, end);
      const lastWord = /\S+$/.exec(tail);
      const start = end - (lastWord ? lastWord[0].length : 1);
      return [
        {
          code: "truncated",
          message: `Ends mid-sentence at '${text.slice(start, end)}': the response looks cut off`,
          start,
          end,
          severity: "warning",
        },
      ];
    }
    return [];
  },
};
