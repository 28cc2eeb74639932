/**
 * Every command the extension contributes, with its id. The manifest contract test checks this
 * list against `contributes.commands` in package.json and against the registrations in the code.
 */
export const COMMANDS = {
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
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
