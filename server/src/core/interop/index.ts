/**
 * Import and export between `.pns` files and JSONL datasets (docs/interop.md). Pure: rows in,
 * syntax trees out, and back; reading files and writing them is the CLI's job.
 */
export { DatasetImporter, type ImportIssue, type ImportStats } from "./importer";
export { detectShape, shapeByName, shapes, type Detection } from "./shapes/index";
export type { ImportOptions, RowIssue, Shape, ShapeName } from "./shapes/types";
export { scanJson, type JsonScan, type JsonScanError } from "./jsonScan";
export { lastBoxed } from "./boxed";
export { contentId, sanitizeId } from "./ids";
export { dpoRows, type DpoRow, type DpoSummary } from "./export/trlDpo";
export { grpoRows, type GrpoRow } from "./export/grpo";
export { pnsJsonlRows, type PnsJsonlRow, type PnsJsonlSample } from "./export/pnsJsonl";
export { PAIRING_STRATEGIES, pairSamples, type PairingOptions, type PairingStrategy } from "./export/pairing";
export {
  DEFAULT_PROMPT_TEMPLATE,
  defaultTemplate,
  isRenderedPrompt,
  joinPlain,
  parseTemplate,
  parseTemplateFile,
  PROMPT_SEPARATOR,
  type PromptStyle,
  type PromptTemplate,
  renderChatPrompt,
  renderPlainPrompt,
  withSeparator,
} from "./export/prompt";
export type { ChatMessage, PromptOptions } from "./export/common";
export {
  mergeFiles,
  type MergeCounts,
  type MergeInput,
  type MergeIssue,
  type MergeLocation,
  type MergeResult,
  normalisedText,
} from "./merge";
