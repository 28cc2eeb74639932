// ESLint flat config: type-aware typescript-eslint plus the import boundaries of the architecture:
// the pure core (server/src/core) reaches no editor, LSP, file system, process or network API;
// webview code never imports `vscode`; the VS Code client never imports the core directly.
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
              group: ["**/scoring/**", "**/lsp/**", "**/cli/**"],
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
          patterns: [{ group: ["node:*"], message: "Webviews run in a browser." }],
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
          ],
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
