import type { CliCommand } from "../command";
import { importCommand } from "./import";
import { exportCommand } from "./export";
import { mergeCommand } from "./merge";
import { fmtCommand } from "./fmt";
import { lintCommand } from "./lint";
import { scoreCommand } from "./score";
import { gradeCommand } from "./grade";
import { serveRewardCommand } from "./serveReward";
import { runCommand } from "./run";

/** Every `pns` subcommand, in the order `pns --help` lists them. */
export const commands: CliCommand[] = [
  lintCommand,
  scoreCommand,
  gradeCommand,
  fmtCommand,
  importCommand,
  exportCommand,
  mergeCommand,
  serveRewardCommand,
  runCommand,
];
