/** What every feature module gets from `startServer`: no module state anywhere else. */
import type { Connection } from "vscode-languageserver";
import type { AnalysisStore } from "./documentAnalysis/documentAnalysis";
import type { DocumentStore } from "./document/store";
import type { RemoteScoring } from "./remote/scoring";
import type { SettingsCache } from "./settings/cache";

export interface ClientSupport {
  configuration: boolean;
  /** The client tracks workspace folders (and can send folder change events). */
  workspaceFolders: boolean;
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  workDoneProgress: boolean;
  codeLensRefresh: boolean;
  inlayHintRefresh: boolean;
  hierarchicalSymbols: boolean;
  markdown: boolean;
}

export interface ServerContext {
  connection: Connection;
  documents: DocumentStore;
  /** The analysis state of each open document (one owner per document). */
  analyses: AnalysisStore;
  settings: SettingsCache;
  support: ClientSupport;
  /** `file:` URIs of the workspace folders. */
  workspaceFolders: string[];
  /** False in an untrusted workspace (the client says so): local analysis only. */
  trusted: boolean;
  /** Background remote scoring and the remote scores known so far. */
  remote: RemoteScoring;
}
