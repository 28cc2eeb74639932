import { type CliCommand, EXIT_USAGE } from "../command";

// Placeholder until this command lands; it says so instead of pretending to work.
export const gradeCommand: CliCommand = {
  name: "grade",
  summary: "Compare answers with the grader (one pair or a JSONL stream)",
  help: "Usage: pns grade\n\nNot implemented yet.\n",
  run(_argv, io) {
    io.stderr.write("pns grade: not implemented yet\n");
    return Promise.resolve(EXIT_USAGE);
  },
};
