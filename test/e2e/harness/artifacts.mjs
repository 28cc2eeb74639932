// Screenshots at each step of a scenario, numbered in order, under .test-artifacts/e2e/<scenario>/.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { artifactsRoot } from "./tools.mjs";

export class Shots {
  /** @param {string} scenario folder name under .test-artifacts/e2e */
  constructor(scenario, root = artifactsRoot) {
    this.dir = path.join(root, scenario);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    this.count = 0;
    /** @type {string[]} */
    this.files = [];
    /** @type {Map<string, string>} README name -> screenshot, see `take(…, { publish })` */
    this.published = new Map();
  }

  /**
   * Saves a screenshot named after the step ("03-problems.png"). Never throws: a failing
   * screenshot must not hide the test's own result. `publish` names the file the README shows
   * (docs/images/<publish>), copied there by `runScenarios.mjs --publish-screenshots`.
   * @param {import("playwright-core").Page} page
   * @param {string} step
   * @param {{ publish?: string }} [options]
   */
  async take(page, step, { publish } = {}) {
    this.count += 1;
    const file = path.join(
      this.dir,
      `${String(this.count).padStart(2, "0")}-${step.replace(/[^\w.-]+/g, "-")}.png`,
    );
    try {
      await page.screenshot({ path: file, timeout: 15_000 });
      this.files.push(file);
      if (publish) this.published.set(publish, file);
    } catch (error) {
      console.error(`  (screenshot ${file} failed: ${String(error)})`);
    }
    return file;
  }
}
