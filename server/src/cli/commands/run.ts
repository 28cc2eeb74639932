import { type CliCommand, EXIT_USAGE } from "../command";

// Placeholder until this command lands; it says so instead of pretending to work.
export const runCommand: CliCommand = {
  name: "run",
  summary: "Launch a job (reward-model, reverse-rl, synthesize, dpo, eval)",
  help: "Usage: pns run\n\nNot implemented yet.\n",
  run(_argv, io) {
    io.stderr.write("pns run: not implemented yet\n");
    return Promise.resolve(EXIT_USAGE);
  },
};
