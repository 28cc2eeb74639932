/**
 * The webview panels: training curves, the pair diff, the dataset overview and the comparison table. `registerPanels`
 * registers their commands and the serializers that bring them back after a window reload.
 */
import * as vscode from "vscode";
import { SampleAtRequest, type CompareWithPositiveArgs } from "../../../server/src/protocol/index";
import { openCurves, pickRunDirectories } from "./curves/curvesPanel";
import type { PanelDeps } from "./deps";
import { comparePanel, pickTable } from "./compare/comparePanel";
import { diffPanel } from "./diff/diffPanel";
import { overviewPanel } from "./overview/overviewPanel";
import { VIEW_TYPES } from "./panelHost";
import { COMMANDS } from "../../../server/src/protocol/commands";

export type { PanelDeps } from "./deps";

/** The panels' command ids (contributed in package.json, category PNS). */
export const PANEL_COMMANDS = {
  showTrainingCurves: "pns.showTrainingCurves",
  openSampleDiff: "pns.openSampleDiff",
  showDatasetOverview: "pns.showDatasetOverview",
  showComparisonTable: "pns.showComparisonTable",
} as const;

function activePns(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === "pns" ? editor : undefined;
}

/**
 * Run directories from a command argument: a Uri, a path, a list of either, or
 * `{ runs, step }` (a deep link or the Runs view: also open the samples logged at that step).
 */
function runDirs(arg: unknown): { dirs: string[]; step?: number; metric?: string } {
  if (arg && typeof arg === "object" && !Array.isArray(arg) && !(arg instanceof vscode.Uri)) {
    const { runs, step, metric } = arg as { runs?: unknown; step?: unknown; metric?: unknown };
    return {
      dirs: runDirs(runs).dirs,
      ...(typeof step === "number" ? { step } : {}),
      ...(typeof metric === "string" ? { metric } : {}),
    };
  }
  const list = Array.isArray(arg) ? (arg as unknown[]) : arg === undefined ? [] : [arg];
  return {
    dirs: list.flatMap((a) => (a instanceof vscode.Uri ? [a.fsPath] : typeof a === "string" ? [a] : [])),
  };
}

export function registerPanels(context: vscode.ExtensionContext, deps: PanelDeps): vscode.Disposable {
  const extensionUri = context.extensionUri;
  let curves: ReturnType<typeof openCurves> | undefined;

  const showCurves = async (arg?: unknown): Promise<void> => {
    const { dirs, step, metric } = runDirs(arg);
    if (dirs.length === 0) dirs.push(...(await pickRunDirectories()));
    if (dirs.length === 0) return;
    if (!curves) {
      const opened = openCurves(extensionUri, deps.output);
      opened.host.onDispose.event(() => (curves = undefined));
      curves = opened;
    }
    curves.host.reveal();
    await curves.controller.add(dirs);
    if (step !== undefined)
      await curves.controller.onMessage({
        type: "curves/openSamples",
        run: dirs[0],
        step,
        metric: metric ?? "reward",
      });
  };

  const openDiff = async (args?: CompareWithPositiveArgs): Promise<void> => {
    let target = args;
    if (!target) {
      const editor = activePns();
      if (editor) {
        const at = await deps.client.sendRequest(SampleAtRequest, {
          uri: editor.document.uri.toString(),
          position: { line: editor.selection.active.line, character: editor.selection.active.character },
        });
        if (at?.sample)
          target = { uri: at.sample.uri, problemId: at.problem.id, sampleIndex: at.sample.index };
      }
    }
    if (!target) {
      void vscode.window.showInformationMessage(
        "PNS: put the cursor in a negative sample of a .pns file to compare it with a positive.",
      );
      return;
    }
    await diffPanel(extensionUri, deps).controller.show(target);
  };

  const showOverview = async (arg?: unknown): Promise<void> => {
    const uri = arg instanceof vscode.Uri ? arg.toString() : activePns()?.document.uri.toString();
    if (!uri) {
      void vscode.window.showInformationMessage("PNS: open a .pns file to see its overview.");
      return;
    }
    await overviewPanel(extensionUri, deps, uri, openDiff);
  };

  const showComparison = async (arg?: unknown): Promise<void> => {
    const file = await pickTable(arg);
    if (file) await comparePanel(extensionUri, file);
  };

  const serializer = (
    restore: (panel: vscode.WebviewPanel, state: unknown) => Promise<void>,
  ): vscode.WebviewPanelSerializer => ({
    deserializeWebviewPanel: (panel, state) =>
      restore(panel, state).catch((error: unknown) =>
        deps.output.error(`PNS: could not restore a panel: ${String(error)}`),
      ),
  });

  return vscode.Disposable.from(
    // Literal ids: the manifest contract test reads them from registerCommand calls.
    vscode.commands.registerCommand(COMMANDS.showTrainingCurves, showCurves),
    vscode.commands.registerCommand(COMMANDS.openSampleDiff, openDiff),
    vscode.commands.registerCommand(COMMANDS.showDatasetOverview, showOverview),
    vscode.commands.registerCommand(COMMANDS.showComparisonTable, showComparison),
    vscode.window.registerWebviewPanelSerializer(
      VIEW_TYPES.curves,
      serializer(async (panel, state) => {
        const opened = openCurves(extensionUri, deps.output, panel);
        opened.host.onDispose.event(() => (curves = undefined));
        curves = opened;
        await opened.controller.restore(state);
      }),
    ),
    vscode.window.registerWebviewPanelSerializer(
      VIEW_TYPES.diff,
      serializer(async (panel, state) => {
        await diffPanel(extensionUri, deps, panel).controller.restore(state);
      }),
    ),
    vscode.window.registerWebviewPanelSerializer(
      VIEW_TYPES.compare,
      serializer(async (panel, state) => {
        const file = (state as { file?: unknown } | undefined)?.file;
        if (typeof file === "string") await comparePanel(extensionUri, file, panel);
        else panel.dispose();
      }),
    ),
    vscode.window.registerWebviewPanelSerializer(
      VIEW_TYPES.overview,
      serializer(async (panel, state) => {
        const uri = (state as { data?: { uri?: unknown } } | undefined)?.data?.uri;
        if (typeof uri === "string") await overviewPanel(extensionUri, deps, uri, openDiff, panel);
        else panel.dispose();
      }),
    ),
  );
}
