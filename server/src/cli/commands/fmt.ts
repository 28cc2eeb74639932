import { type CliCommand, EXIT_USAGE } from "../command";

// Placeholder until this command lands; it says so instead of pretending to work.
export const fmtCommand: CliCommand = {
  name: "fmt",
  summary: "Rewrite .pns files in canonical form (--check to verify only)",
  help: "Usage: pns fmt\n\nNot implemented yet.\n",
  run(_argv, io) {
    io.stderr.write("pns fmt: not implemented yet\n");
    return Promise.resolve(EXIT_USAGE);
  },
};
