import { type CliCommand, EXIT_USAGE } from "../command";

// Placeholder until this command lands; it says so instead of pretending to work.
export const importCommand: CliCommand = {
  name: "import",
  summary: "Import JSONL (GSM8K, MATH, TRL preference rows, PNS JSONL) into a .pns file",
  help: "Usage: pns import\n\nNot implemented yet.\n",
  run(_argv, io) {
    io.stderr.write("pns import: not implemented yet\n");
    return Promise.resolve(EXIT_USAGE);
  },
};
