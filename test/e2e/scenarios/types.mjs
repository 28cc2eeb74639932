// The shape of a scenario (JSDoc types only; see runScenarios.mjs for how they run).

/**
 * @typedef {object} ScenarioContext
 * @property {import("playwright-core").Page} page   the one workbench page, shared by all scenarios
 * @property {import("../harness/artifacts.mjs").Shots} shots  numbered screenshots of this scenario
 * @property {string} workspace   the temporary copy of examples/ opened in code-server
 * @property {{ file: string, bytes: number, files: string[] }} packaged  the .vsix under test
 * @property {string | undefined} installed  what `code-server --install-extension` printed
 * @property {(message: string) => void} log
 */

/**
 * @typedef {object} Scenario
 * @property {string} name    short id, also the screenshot folder (.test-artifacts/e2e/<name>)
 * @property {string} title   what a user does and sees
 * @property {string[]} [requires]  scenarios that must run first in the same session (added
 *   to the run and ordered before this one when it is named alone)
 * @property {(workspace: string) => void} [prepare]  sets up files before code-server starts
 *   (files created later are not always found by Quick Open's file search)
 * @property {() => Record<string, unknown>} [settings]  user settings this scenario needs
 * @property {(context: ScenarioContext) => Promise<void>} run  throws on failure
 */

export {};
