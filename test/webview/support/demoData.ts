/**
 * Real panel data: the bundled language server (dist/server/main.js) over stdio, asked for the
 * demo dataset's pairs and overview exactly as the extension host asks for them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { TestClient } from "../../lsp/harness";
import {
  PanelOverviewRequest,
  PanelPairRequest,
  type OverviewData,
  type PanelPair,
  type PanelPairParams,
} from "../../../server/src/protocol/panels";
import { ROOT } from "./browser";

export const DEMO = path.join(ROOT, "examples", "demo.pns");
export const DEMO_URI = pathToFileURL(DEMO).toString();

export interface DemoData {
  overview: OverviewData;
  pair(params: Omit<PanelPairParams, "uri">): Promise<PanelPair | null>;
  stop(): Promise<unknown>;
}

export async function demoData(): Promise<DemoData> {
  const client = await TestClient.start({
    workspaceFolders: [{ uri: pathToFileURL(ROOT).toString(), name: "root" }],
  });
  await client.open(DEMO_URI, readFileSync(DEMO, "utf8"));
  const overview = await client.connection.sendRequest(PanelOverviewRequest, { uri: DEMO_URI });
  if (!overview) throw new Error("the server returned no overview for examples/demo.pns");
  return {
    overview,
    pair: (params) => client.connection.sendRequest(PanelPairRequest, { uri: DEMO_URI, ...params }),
    stop: () => client.stop(),
  };
}
