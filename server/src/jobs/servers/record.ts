import { promises as fs } from "node:fs";
import * as path from "node:path";

/** One node's servers.json, as `pns_jobs.model_servers` writes it. */
interface NodeRecord {
  node_rank?: number;
  host?: string;
  state?: string;
  reason?: string;
}

/**
 * The first node record that says its servers failed (`servers/node-<rank>/servers.json`), as one
 * line: "model servers on <host> (node <rank>) failed: <cause and fix>"; undefined when none did.
 */
export async function serversFailure(runDir: string): Promise<string | undefined> {
  const root = path.join(runDir, "servers");
  let names: string[];
  try {
    names = (await fs.readdir(root)).filter((n) => n.startsWith("node-")).sort();
  } catch {
    return undefined;
  }
  for (const name of names) {
    let record: NodeRecord;
    try {
      record = JSON.parse(await fs.readFile(path.join(root, name, "servers.json"), "utf8")) as NodeRecord;
    } catch {
      continue;
    }
    if (record.state === "failed")
      return `model servers on ${record.host ?? "?"} (node ${record.node_rank ?? "?"}) failed: ${record.reason ?? "no reason recorded"}`;
  }
  return undefined;
}
