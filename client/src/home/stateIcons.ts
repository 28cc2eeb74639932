/** The icon of a run's or a phase's state, shared by the Runs and Jobs views. */
import * as vscode from "vscode";

const STATE_ICONS: Record<string, [string, string | undefined]> = {
  running: ["sync~spin", "charts.blue"],
  succeeded: ["pass", "testing.iconPassed"],
  failed: ["error", "testing.iconFailed"],
  cancelled: ["circle-slash", "disabledForeground"],
  // A pipeline phase's other states (jobs/pns_jobs/pipeline_phases.py) and the Jobs view's own.
  interrupted: ["debug-pause", "testing.iconFailed"],
  skipped: ["debug-step-over", "disabledForeground"],
  pending: ["circle-large-outline", undefined],
  "not reached": ["circle-large-outline", "disabledForeground"],
  "not run": ["circle-large-outline", "disabledForeground"],
  unknown: ["question", undefined],
};

export function stateIcon(state: string): vscode.ThemeIcon {
  const [icon, color] = STATE_ICONS[state] ?? STATE_ICONS.unknown;
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}
