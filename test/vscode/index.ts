/**
 * The in-editor suite, bundled to dist/test/vscode/index.js. Two ways in:
 * - `run()`, for `extensionTestsPath` (code-server, @vscode/test-electron): builds a Mocha
 *   instance, registers the suites and rejects when any test fails;
 * - loaded by @vscode/test-cli's own Mocha (`.vscode-test.mjs`): the BDD globals already exist
 *   when the file is required, so the suites register at once.
 */
import Mocha from "mocha";
import { activationSuite } from "./activation.suite";
import { commandsSuite } from "./commands.suite";
import { featuresSuite } from "./features.suite";
import { homeSuite } from "./home.suite";
import { panelsSuite } from "./panels.suite";
import { tasksSuite } from "./tasks.suite";
import { trustSuite } from "./trust.suite";

function registerSuites(): void {
  activationSuite();
  featuresSuite();
  commandsSuite();
  panelsSuite();
  tasksSuite();
  trustSuite();
  homeSuite();
}

if (typeof (globalThis as { describe?: unknown }).describe === "function") registerSuites();

export function run(): Promise<void> {
  // PNS_TEST_GREP (runVscodeSuite.mjs --grep=…) runs only the matching tests: the suite is heavy.
  const grep = process.env.PNS_TEST_GREP;
  const mocha = new Mocha({ ui: "bdd", color: true, timeout: 60_000, ...(grep ? { grep } : {}) });
  // Install describe/it as globals the way Mocha does for each file it loads.
  mocha.suite.emit("pre-require", globalThis, "pns-vscode-suite", mocha);
  registerSuites();
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} in-editor tests failed`)) : resolve(),
    );
  });
}
