import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, makeNonce, panelHtml } from "../../../client/src/panels/html";

describe("panel HTML", () => {
  const nonce = makeNonce((b) => b.map((_, i) => i * 7));
  const html = panelHtml({
    cspSource: "https://x.vscode-cdn.net",
    nonce,
    scriptUri: "https://x.vscode-cdn.net/diff.js",
    styleUri: "https://x.vscode-cdn.net/diff.css",
    title: 'a "title"',
  });

  it("allows only the nonce'd bundle, styles and fonts from the webview origin, nothing else", () => {
    const csp = contentSecurityPolicy("https://x.vscode-cdn.net", nonce);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'nonce-${nonce}'`);
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).toContain("connect-src 'none'");
    expect(html).toContain(`<script nonce="${nonce}" src="https://x.vscode-cdn.net/diff.js"></script>`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain("<title>a &quot;title&quot;</title>");
  });

  it("makes 32-character url-safe nonces and refuses weak ones", () => {
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(() => panelHtml({ cspSource: "x", nonce: "abc", scriptUri: "", styleUri: "", title: "" })).toThrow(
      /nonce/,
    );
  });
});
