import { type CliCommand, EXIT_USAGE } from "../command";

// Placeholder until this command lands; it says so instead of pretending to work.
export const serveRewardCommand: CliCommand = {
  name: "serve-reward",
  summary: "Serve the composite reward over HTTP for trainers",
  help: "Usage: pns serve-reward\n\nNot implemented yet.\n",
  run(_argv, io) {
    io.stderr.write("pns serve-reward: not implemented yet\n");
    return Promise.resolve(EXIT_USAGE);
  },
};
