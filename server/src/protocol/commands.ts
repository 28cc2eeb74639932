/**
 * Every command the extension contributes, by id: the one table the client registers from and
 * `test/contract/commands.test.ts` compares with `contributes.commands` in package.json (both
 * ways). The in-editor suite checks that each one is registered once the extension is active.
 */
export const COMMANDS = {
  // Scoring and the reward breakdown (client/src/commands, client/src/extension.ts).
  rescoreDocument: "pns.rescoreDocument",
  rescoreSelection: "pns.rescoreSelection",
  clearScoreCache: "pns.clearScoreCache",
  exportDpoPairs: "pns.exportDpoPairs",
  importJsonl: "pns.importJsonl",
  showRewardBreakdown: "pns.showRewardBreakdown",
  setApiKey: "pns.setApiKey",
  compareWithPositive: "pns.compareWithPositive",
  showStatus: "pns.showStatus",
  restartServer: "pns.restartServer",
  // Jobs as tasks (client/src/tasks/commands.ts).
  trainRewardModel: "pns.trainRewardModel",
  trainGenerator: "pns.trainGenerator",
  synthesizeNegatives: "pns.synthesizeNegatives",
  trainDpo: "pns.trainDpo",
  evaluate: "pns.evaluate",
  showJobOutput: "pns.showJobOutput",
  // Webview panels (client/src/panels/index.ts).
  showTrainingCurves: "pns.showTrainingCurves",
  openSampleDiff: "pns.openSampleDiff",
  showDatasetOverview: "pns.showDatasetOverview",
  showComparisonTable: "pns.showComparisonTable",
  // The PNS view container and walkthrough (client/src/home).
  openDemo: "pns.openDemo",
  showWalkthrough: "pns.showWalkthrough",
  runsRefresh: "pns.runs.refresh",
  runsShowMore: "pns.runs.showMore",
  runsOpenCurves: "pns.runs.openCurves",
  runsOpenSamples: "pns.runs.openSamples",
  runsOpenLog: "pns.runs.openLog",
  runsOpenConfig: "pns.runs.openConfig",
  runsReveal: "pns.runs.reveal",
  runsResume: "pns.runs.resume",
  runsCancel: "pns.runs.cancel",
  runsDelete: "pns.runs.delete",
  datasetsRefresh: "pns.datasets.refresh",
  datasetsShowMore: "pns.datasets.showMore",
  datasetsOverview: "pns.datasets.overview",
  datasetsLint: "pns.datasets.lint",
  datasetsExport: "pns.datasets.export",
  datasetsMerge: "pns.datasets.merge",
  jobsRefresh: "pns.jobs.refresh",
  jobsRun: "pns.jobs.run",
  jobsDryRun: "pns.jobs.dryRun",
  jobsCreateFromTemplate: "pns.jobs.createFromTemplate",
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
