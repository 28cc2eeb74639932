// The core's LaTeX kernel: one brace matcher (groups.ts), one box finder (boxes.ts), environments
// split into rows and cells (environments.ts), and a tokenizer for explanations (tokens.ts).
// Pure string functions; every scan is linear in its input.
export { findBoxes, lastBoxContent, type BoxScanOptions, type LatexBox } from "./boxes";
export { splitRows, wholeEnvironment, type LatexEnvironment } from "./environments";
export { matchBrace, replaceCommandArg, splitTopLevel } from "./groups";
export { describeTokens, MAX_TOKENS, tokenize, type LatexToken, type TokenKind } from "./tokens";
