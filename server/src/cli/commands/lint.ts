import { type CliCommand, EXIT_USAGE } from "../command";

// Placeholder until this command lands; it says so instead of pretending to work.
export const lintCommand: CliCommand = {
  name: "lint",
  summary: "Report findings with stable codes; exit 1 on errors",
  help: "Usage: pns lint\n\nNot implemented yet.\n",
  run(_argv, io) {
    io.stderr.write("pns lint: not implemented yet\n");
    return Promise.resolve(EXIT_USAGE);
  },
};
