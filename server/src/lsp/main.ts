/**
 * Entry point of `pns-language-server`. The transport comes from the command line, as for every
 * vscode-languageserver server: `--stdio`, `--node-ipc` or `--socket=<port>`.
 */
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./server";

const TRANSPORTS = ["--stdio", "--node-ipc", "--socket", "--pipe", "--clientProcessId"];

export function main(): void {
  if (!process.argv.some((arg) => TRANSPORTS.some((t) => arg === t || arg.startsWith(`${t}=`)))) {
    process.stderr.write(
      "Usage: pns-language-server --stdio | --node-ipc | --socket=<port>\n" +
        "The PNS language server for .pns dataset files; see docs/lsp.md.\n",
    );
    process.exitCode = 2;
    return;
  }
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection);
  connection.listen();
}

// Run when executed directly (esbuild bundles this file as dist/server/main.js; bin/ calls main()).
if (require.main === module) main();
