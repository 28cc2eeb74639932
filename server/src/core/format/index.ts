/**
 * The `.pns` format (docs/format.md): an error-tolerant parser with ranges on every node, the
 * canonical serializer, and lookups that the language server and the CLI share.
 */
export type * from "./ast";
export { parse, ID_PATTERN } from "./parser";
export { serialize, CanonicalWriter, isInlineAnswer, escapeBody } from "./serializer";
export { PARSE_CODES, SYNTAX_CODES, type ParseCode } from "./codes";
export { findProblemAt, findSampleAt, sampleKey, metaValue, rangeContains, type SampleHit } from "./query";
export { formatMetaValue, isValidMetaKey } from "./meta";
export { positionAt } from "./position";
export { decodeText, type DecodedText } from "./decode";
export {
  countLineEnds,
  crAtLineEndFinding,
  crAtLineEndRanges,
  duplicateIdFinding,
  fileFindings,
  firstLineEnd,
  lineEndOf,
  mixedEolFinding,
  ProblemIdChecker,
  summarizePart,
  type LineEnd,
  type LineEndCounts,
  type PartSummary,
} from "./fileChecks";
