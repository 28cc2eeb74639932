/**
 * Manifest contracts: package.json and the code agree. The contributed commands are exactly the
 * command table's (`server/src/protocol/commands.ts`, which the client registers from: lint
 * refuses a literal id in `registerCommand`, and the in-editor suite checks every contributed
 * command is registered at run time); every setting the server reads is
 * contributed with the server's default (and nothing stale is); engines.vscode matches the
 * @types/vscode the code is compiled against and what vscode-languageclient needs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../server/src/protocol/commands";
import { defaultSettings } from "../../server/src/core/config/defaults";
import { CLIENT_ONLY_SETTINGS, SERVER_SETTINGS } from "../../server/src/lsp/settings/schema";

const ROOT = path.resolve(__dirname, "..", "..");
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

interface SettingDecl {
  type: string | string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  scope?: string;
  markdownDescription?: string;
  properties?: Record<string, unknown>;
}

interface ConfigurationSection {
  id?: string;
  properties?: Record<string, SettingDecl>;
}

interface Manifest {
  main: string;
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  activationEvents: string[];
  contributes: {
    commands: ContributedCommand[];
    menus?: Record<string, { command?: string }[]>;
    keybindings?: { command: string }[];
    configuration: ConfigurationSection | ConfigurationSection[];
    capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  };
}

const pkg = readJson("package.json") as Manifest;
const sections = ([] as ConfigurationSection[]).concat(pkg.contributes.configuration);

function contributedSettings(): Record<string, SettingDecl> {
  const all: Record<string, SettingDecl> = {};
  for (const section of sections) Object.assign(all, section.properties ?? {});
  return all;
}

describe("contributed commands", () => {
  const contributed: ContributedCommand[] = pkg.contributes.commands;

  it("are exactly the command table's ids (server/src/protocol/commands.ts), each once", () => {
    const ids = contributed.map((c) => c.command);
    expect(new Set(ids).size, "a command is contributed twice").toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.values(COMMANDS).sort());
  });

  it("are prefixed and have the PNS category", () => {
    for (const c of contributed) {
      expect(c.command.startsWith("pns."), c.command).toBe(true);
      expect(c.category, c.command).toBe("PNS");
      expect(c.title.length, c.command).toBeGreaterThan(0);
    }
  });

  it("are the only commands menus, keybindings and activation events name", () => {
    const ids = new Set(contributed.map((c) => c.command));
    for (const [menu, items] of Object.entries(pkg.contributes.menus ?? {})) {
      for (const item of items)
        if (item.command) expect(ids.has(item.command), `${menu}: ${item.command}`).toBe(true);
    }
    for (const binding of pkg.contributes.keybindings ?? [])
      expect(ids.has(binding.command), binding.command).toBe(true);
    for (const event of pkg.activationEvents) {
      if (event.startsWith("onCommand:")) expect(ids.has(event.slice(10)), event).toBe(true);
    }
    expect(pkg.activationEvents).toContain("onLanguage:pns");
  });
});

describe("contributed settings", () => {
  const settings = contributedSettings();
  const editorSection = sections.find((s) => s.id === "pns.editor")!;

  it("declare every setting the server reads, with the server's default", () => {
    for (const spec of SERVER_SETTINGS) {
      expect(settings[spec.key], `${spec.key} is not contributed`).toBeDefined();
      expect(settings[spec.key].default, spec.key).toEqual(spec.default);
    }
  });

  it("have a type matching the server's check", () => {
    for (const spec of SERVER_SETTINGS) {
      const declared = settings[spec.key];
      const types = ([] as string[]).concat(declared.type);
      switch (spec.type.kind) {
        case "boolean":
          expect(types, spec.key).toEqual(["boolean"]);
          break;
        case "number":
          expect(types[0], spec.key).toBe(spec.type.integer ? "integer" : "number");
          expect(types.includes("null"), spec.key).toBe(spec.type.nullable === true);
          expect(declared.minimum, spec.key).toBe(spec.type.min);
          expect(declared.maximum, spec.key).toBe(spec.type.max);
          break;
        case "string":
          expect(types, spec.key).toEqual(["string"]);
          expect(declared.enum, spec.key).toEqual(spec.type.enum);
          break;
        default:
          expect(types, spec.key).toEqual(["object"]);
      }
    }
  });

  it("contain nothing stale in the editor section", () => {
    const known = new Set([...SERVER_SETTINGS.map((s) => s.key), ...CLIENT_ONLY_SETTINGS]);
    for (const key of Object.keys(editorSection.properties ?? {}))
      expect(known.has(key), `${key} is not read by anyone`).toBe(true);
    for (const key of CLIENT_ONLY_SETTINGS) expect(settings[key], key).toBeDefined();
  });

  it("describe themselves in Markdown, with machine-overridable scope for executables and endpoints", () => {
    for (const [key, value] of Object.entries(editorSection.properties ?? {})) {
      expect(value.markdownDescription, key).toBeTruthy();
      if (/\.(path|baseUrl|model)$/.test(key)) expect(value.scope, key).toBe("machine-overridable");
    }
  });

  it("name the engine's real defaults and finding codes", () => {
    const threshold = settings["pns.engine.implausibleThreshold"].markdownDescription ?? "";
    expect(threshold).toContain(String(defaultSettings().implausibleThreshold));
    const weights = Object.keys(settings["pns.engine.weights"].properties ?? {});
    expect(weights.sort()).toEqual(Object.keys(defaultSettings().weights).sort());
  });

  it("restrict only contributed settings in untrusted workspaces", () => {
    const untrusted = pkg.contributes.capabilities.untrustedWorkspaces;
    expect(untrusted.supported).toBe("limited");
    for (const key of untrusted.restrictedConfigurations) expect(settings[key], key).toBeDefined();
  });
});

describe("engines", () => {
  const minimum = (range: string): number[] =>
    range
      .replace(/^[\^~>=\s]+/, "")
      .split(".")
      .map(Number);
  const compare = (a: number[], b: number[]): number =>
    a[0] - b[0] || a[1] - b[1] || (a[2] ?? 0) - (b[2] ?? 0);

  it("engines.vscode matches the @types/vscode version the code compiles against", () => {
    const types = (readJson("node_modules/@types/vscode/package.json") as { version: string }).version;
    expect(pkg.devDependencies["@types/vscode"]).toBe(types);
    const [major, minor] = minimum(pkg.engines.vscode);
    const [typesMajor, typesMinor] = minimum(types);
    expect(`${major}.${minor}`).toBe(`${typesMajor}.${typesMinor}`);
  });

  it("engines.vscode is at least what vscode-languageclient requires", () => {
    const needed = (readJson("node_modules/vscode-languageclient/package.json") as Manifest).engines.vscode;
    expect(compare(minimum(pkg.engines.vscode), minimum(needed))).toBeGreaterThanOrEqual(0);
  });

  it("main points at the client bundle that the build script produces", () => {
    expect(pkg.main).toBe("./dist/client/extension.js");
    const build = readFileSync(path.join(ROOT, "scripts", "build.mjs"), "utf8");
    expect(build).toMatch(/"client\/src\/extension\.ts", [`"][^`"]*\/client\/extension\.js[`"]/);
    expect(build).toMatch(/"server\/src\/lsp\/main\.ts", [`"][^`"]*\/server\/main\.js[`"]/);
    expect(build).toMatch(/"test\/vscode\/index\.ts", [`"][^`"]*\/test\/vscode\/index\.js[`"]/);
  });
});
