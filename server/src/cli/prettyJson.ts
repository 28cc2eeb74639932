import type { Output } from "./output";

/**
 * Writes `JSON.stringify({...value, [key]: items}, null, 2)`, each line indented by `indent`
 * more spaces (the nesting the object sits at), with the array's elements coming one by one as
 * compact JSON: a report whose counts come before its list can stream the list from a spool.
 * `test/cli/prettyJson.test.ts` checks it against `JSON.stringify`.
 */
export async function writePrettyWithList(
  out: Output,
  value: Record<string, unknown>,
  key: string,
  items: AsyncIterable<string>,
  count: number,
  indent: number,
): Promise<void> {
  if (count === 0) {
    await out.write(reindent(JSON.stringify({ ...value, [key]: [] }, null, 2), indent));
    return;
  }
  // A placeholder element marks where the list goes.
  const text = JSON.stringify({ ...value, [key]: [0] }, null, 2);
  const marker = `\n    0\n  ]`;
  const at = text.lastIndexOf(marker);
  await out.write(reindent(text.slice(0, at), indent));
  let first = true;
  for await (const item of items) {
    const element = reindent(JSON.stringify(JSON.parse(item), null, 2), indent + 4);
    await out.write(`${first ? "" : ","}\n${" ".repeat(indent + 4)}${element}`);
    first = false;
  }
  await out.write(reindent(text.slice(at + "\n    0".length), indent));
}

/** Every line after the first gets `n` more spaces (the first line's are the caller's). */
export function reindent(text: string, n: number): string {
  return n === 0 ? text : text.replace(/\n/g, `\n${" ".repeat(n)}`);
}
