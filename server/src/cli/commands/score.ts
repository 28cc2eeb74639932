import { type CliCommand, EXIT_USAGE } from "../command";

// Placeholder until this command lands; it says so instead of pretending to work.
export const scoreCommand: CliCommand = {
  name: "score",
  summary: "Print each sample's reward components and composite",
  help: "Usage: pns score\n\nNot implemented yet.\n",
  run(_argv, io) {
    io.stderr.write("pns score: not implemented yet\n");
    return Promise.resolve(EXIT_USAGE);
  },
};
