// ESLint flat config: type-aware typescript-eslint plus the import boundaries of the architecture:
// the pure core (server/src/core) reaches no editor, LSP, file system, process or network API;
// webview code never imports `vscode`; the VS Code client never imports the core directly; the
// layers of server/src import only downwards; client and webviews share only server/src/protocol.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const nodeBuiltins = [
  "fs",
  "fs/promises",
  "path",
  "child_process",
  "net",
  "http",
  "https",
  "http2",
  "dgram",
  "dns",
  "tls",
  "os",
  "worker_threads",
  "cluster",
  "readline",
  "stream",
  "zlib",
  "crypto",
  "process",
  "module",
  "vm",
];
const nodeBuiltinPatterns = nodeBuiltins.flatMap((name) => [name, `node:${name}`]);

// The layers of server/src, lowest first: a module imports only from its own layer or below
// (docs/lsp.md, "Rooms"). protocol and core are the floor: shared contracts and the pure engine.
const layers = {
  protocol: [],
  core: [],
  io: ["core"],
  scoring: ["core", "io"],
  lsp: ["protocol", "core", "io", "scoring"],
  jobs: ["protocol", "core", "io", "scoring"],
  cli: ["protocol", "core", "io", "scoring", "jobs"],
};
/** Import patterns naming a server/src layer that `layer` may not import from. */
const upFrom = (layer) =>
  Object.keys(layers)
    .filter((other) => other !== layer && !layers[layer].includes(other))
    .map((other) => `**/${other}/**`);
/** One `no-restricted-imports` rule per layer (the core's is below, with its Node bans). */
const layerRules = Object.keys(layers)
  .filter((layer) => layer !== "core")
  .map((layer) => ({
    files: [`server/src/${layer}/**/*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: upFrom(layer),
              message: `server/src/${layer} imports only from ${layers[layer].join(", ") || "itself"} (imports go down).`,
            },
          ],
        },
      ],
    },
  }));
/** Client and webviews share only the contracts in server/src/protocol with the server. */
const onlyProtocol = {
  group: Object.keys(layers)
    .filter((layer) => layer !== "protocol")
    .map((layer) => `**/server/src/${layer}/**`),
  message: "Only server/src/protocol (shared contracts) is shared with the server side.",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      "out/**",
      ".cache/**",
      "jobs/**",
      ".venv/**",
      "runs/**",
      ".test-artifacts/**",
      "**/*.d.ts",
      "bin/**",
      "test/fixtures/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "smart"],
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["server/src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...nodeBuiltinPatterns.map((name) => ({ name, message: "The core is pure: no Node built-ins." })),
            { name: "vscode", message: "The core never imports vscode." },
            { name: "openai", message: "The core makes no network calls; use server/src/scoring." },
          ],
          patterns: [
            {
              group: ["vscode-languageserver*", "vscode-languageclient*", "vscode-jsonrpc*"],
              message: "The core is LSP-free.",
            },
            {
              group: upFrom("core"),
              message: "The core depends on nothing outside it.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        "fetch",
        "process",
        "require",
        "__dirname",
        "XMLHttpRequest",
        "WebSocket",
      ],
    },
  },
  ...layerRules,
  {
    files: ["webview/src/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "vscode", message: "Webviews run in a browser: talk to the extension with messages." },
          ],
          patterns: [{ group: ["node:*"], message: "Webviews run in a browser." }, onlyProtocol],
        },
      ],
    },
  },
  {
    files: ["client/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/server/src/core/**"],
              message: "The client goes through the language server, not the core.",
            },
            onlyProtocol,
          ],
        },
      ],
      // Command ids come from the command table (server/src/protocol/commands.ts), which the
      // manifest contract test compares with package.json.
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='registerCommand'] > Literal.arguments:first-child",
          message: "Register commands by their COMMANDS entry (server/src/protocol/commands.ts).",
        },
      ],
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
);
