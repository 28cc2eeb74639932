// Which scenarios run by default. A scenario joins DEFAULT_SCENARIOS once the feature it drives is
// on main; until then it is PENDING: `--pending` or `--scenario=<name>` runs it, and it fails
// with a message naming what is missing (never a silent skip).
import compareTriage from "./compareTriage.mjs";
import datasetOverview from "./datasetOverview.mjs";
import hoverQuickFix from "./hoverQuickFix.mjs";
import openDemo from "./openDemo.mjs";
import packagedVsix from "./packagedVsix.mjs";
import pnsHome from "./pnsHome.mjs";
import trainGenerator from "./trainGenerator.mjs";
import trainingCurves from "./trainingCurves.mjs";

/** @type {import("./types.mjs").Scenario[]} */
export const DEFAULT_SCENARIOS = [
  packagedVsix,
  openDemo,
  hoverQuickFix,
  trainGenerator,
  trainingCurves,
  compareTriage,
  datasetOverview,
  pnsHome,
];

/** @type {import("./types.mjs").Scenario[]} */
export const PENDING_SCENARIOS = [];
