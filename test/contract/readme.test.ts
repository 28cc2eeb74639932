/**
 * README contract: its generated sections (settings, commands, CLI reference) are exactly what
 * `npm run docs:readme` would write from package.json and the commands' help texts, so they cannot
 * drift; and what it tells a newcomer to run or open exists (npm scripts, linked files, images).
 * The help texts come from the command modules directly, so no build is needed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { commands } from "../../server/src/cli/commands/index";
import { runCli } from "../../server/src/cli/main";
import {
  begin,
  end,
  fillSections,
  renderCli,
  renderCommands,
  renderSettings,
  SECTION_NAMES,
  sectionText,
} from "../../scripts/readme-tables.mjs";

const ROOT = path.resolve(__dirname, "..", "..");
const README = path.join(ROOT, "README.md");
const readme = readFileSync(README, "utf8");
const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};
/** The README as a reader sees it: HTML comments (TODO notes, commented-out images) removed. */
const visible = readme.replace(/<!--[\s\S]*?-->/g, "");

/** What the generator would write: the same renderers, then the project's Prettier config. */
async function regenerated(): Promise<string> {
  const filled = fillSections(readme, {
    settings: renderSettings(manifest),
    commands: renderCommands(manifest),
    cli: renderCli(commands),
  });
  const options = (await prettier.resolveConfig(README)) ?? {};
  return prettier.format(filled, { ...options, filepath: README });
}

async function pns(args: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  const code = await runCli(args, {
    stdout,
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
    cwd: ROOT,
  });
  return { code, stdout: out };
}

describe("README generated sections", () => {
  it.each(SECTION_NAMES)("has exactly one '%s' section", (name) => {
    expect(readme.split(begin(name)).length - 1, begin(name)).toBe(1);
    expect(readme.split(end(name)).length - 1, end(name)).toBe(1);
  });

  it("match package.json and the CLI help (run `npm run docs:readme` when this fails)", async () => {
    const expected = await regenerated();
    for (const name of SECTION_NAMES) {
      expect(sectionText(readme, name), `README.md section '${name}' is stale: run npm run docs:readme`).toBe(
        sectionText(expected, name),
      );
    }
  });

  it("list every contributed setting and command and every CLI command", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      contributes: { commands: { command: string }[]; configuration: { properties: object }[] };
    };
    const settings = sectionText(readme, "settings") ?? "";
    for (const section of pkg.contributes.configuration) {
      for (const key of Object.keys(section.properties)) expect(settings).toContain(`\`${key}\``);
    }
    const table = sectionText(readme, "commands") ?? "";
    for (const { command } of pkg.contributes.commands) expect(table).toContain(`\`${command}\``);
    const cli = sectionText(readme, "cli") ?? "";
    for (const command of commands) expect(cli).toContain(`<code>pns ${command.name} --help</code>`);
  });
});

describe("the generator's sources agree with the command modules", () => {
  // gen-readme-tables.mjs reads the built CLI's `pns --help` and `pns <cmd> --help`; the test reads
  // the modules. Both must give the same list and text, or the two could pass on different input.
  it("`pns --help` lists the commands of commands/index.ts, in order, with their summaries", async () => {
    const { code, stdout } = await pns(["--help"]);
    expect(code).toBe(0);
    const listed = stdout
      .split("\n")
      .slice(stdout.split("\n").indexOf("Commands:") + 1)
      .map((line) => /^ {2}(\S+) {2,}(.+)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => ({ name: match[1], summary: match[2].trim() }));
    expect(listed).toEqual(commands.map(({ name, summary }) => ({ name, summary })));
  });

  it.each(commands.map((command) => [command.name, command] as const))(
    "`pns %s --help` prints the module's help text",
    async (name, command) => {
      const { code, stdout } = await pns([name, "--help"]);
      expect(code).toBe(0);
      expect(stdout.trimEnd()).toBe(command.help.trimEnd());
    },
  );
});

describe("fillSections", () => {
  it("replaces only the text between the markers", () => {
    const text = `a\n${begin("x")}\nold\n${end("x")}\nb\n`;
    const filled = fillSections(text, { x: "new" });
    expect(filled.startsWith(`a\n${begin("x")}\n`)).toBe(true);
    expect(filled.endsWith(`${end("x")}\nb\n`)).toBe(true);
    expect(sectionText(filled, "x")).toContain("\nnew\n");
    expect(sectionText(filled, "x")).not.toContain("old");
  });

  it("names a section whose markers are missing, duplicated or reversed", () => {
    expect(() => fillSections("no markers", { x: "" })).toThrow(/no <!-- BEGIN GENERATED: x -->/);
    const twice = `${begin("x")}\n${end("x")}\n${begin("x")}\n${end("x")}`;
    expect(() => fillSections(twice, { x: "" })).toThrow(/'x' section are duplicated or out of order/);
    expect(() => fillSections(`${end("x")}\n${begin("x")}`, { x: "" })).toThrow(/out of order/);
  });

  it("fences help text that itself contains backticks", () => {
    const rendered = renderCli([{ name: "x", summary: "s", help: "use ```code``` here" }]);
    expect(rendered).toContain("````text\nuse ```code``` here\n````");
  });
});

describe("what the README tells a newcomer exists", () => {
  it("gives the two quick-start commands exactly", () => {
    expect(visible).toMatch(/```bash\nnpm install && npm run demo\nnpm test\n```/);
  });

  it("names only npm scripts that package.json defines", () => {
    const named = [...visible.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const script of new Set(named))
      expect(Object.keys(manifest.scripts), `npm run ${script}`).toContain(script);
  });

  it("names the .vsix that `npm run package` writes for the current version", () => {
    const { name, version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      name: string;
      version: string;
    };
    const named = [...visible.matchAll(/\b([\w-]+)-(\d+\.\d+\.\d+)\.vsix\b/g)];
    expect(named.length).toBeGreaterThan(0);
    for (const match of named) expect(match[0]).toBe(`${name}-${version}.vsix`);
  });

  it("states the demo dataset's size as it is", () => {
    const demo = readFileSync(path.join(ROOT, "examples", "demo.pns"), "utf8");
    const problems = demo.match(/^@problem[ \t]/gm)?.length ?? 0;
    const samples = demo.match(/^@(positive|negative)(?=$|[ \t])/gm)?.length ?? 0;
    const stated = /`examples\/demo\.pns` \((\d+)\s+problems, (\d+) samples/.exec(visible);
    expect(stated, "README no longer states the demo's size in the expected words").not.toBeNull();
    expect([Number(stated?.[1]), Number(stated?.[2])]).toEqual([problems, samples]);
  });

  it("links every document in docs/", () => {
    const documents = readdirSync(path.join(ROOT, "docs")).filter((name) => name.endsWith(".md"));
    expect(documents.length).toBeGreaterThan(0);
    for (const name of documents)
      expect(visible, `README.md does not link docs/${name}`).toContain(`(docs/${name})`);
  });

  it("links only to files and images that are in the repository", () => {
    const targets = [...visible.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)]
      .map((match) => match[1])
      .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith("#"));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      expect(existsSync(path.join(ROOT, target.split("#")[0])), `README.md links to missing ${target}`).toBe(
        true,
      );
    }
  });
});
