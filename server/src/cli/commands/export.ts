import { type CliCommand, EXIT_USAGE } from "../command";

// Placeholder until this command lands; it says so instead of pretending to work.
export const exportCommand: CliCommand = {
  name: "export",
  summary: "Export a .pns file as TRL DPO pairs, GRPO prompts or lossless JSONL",
  help: "Usage: pns export\n\nNot implemented yet.\n",
  run(_argv, io) {
    io.stderr.write("pns export: not implemented yet\n");
    return Promise.resolve(EXIT_USAGE);
  },
};
