/**
 * Commands the server executes (`workspace/executeCommand`), used by code lenses and code
 * actions. Client-side commands (compare, show breakdown) are plain VS Code commands instead.
 */
export const RESCORE_COMMAND = "pns.server.rescore";

export const SERVER_COMMANDS = [RESCORE_COMMAND] as const;

/** Arguments of {@link RESCORE_COMMAND}: a document and optionally one problem and sample. */
export interface RescoreCommandArgs {
  uri: string;
  problemId?: string;
  sampleIndex?: number;
}
