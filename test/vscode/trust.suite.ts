import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { EXTENSION_ID } from "./util";

interface Api {
  restricted(): boolean;
}

/**
 * Workspace trust. The same assertions hold in both modes, so the suite can run in a trusted and
 * in an untrusted window: the extension's restricted mode always follows the workspace's trust.
 */
export function trustSuite(): void {
  describe("workspace trust", () => {
    it("runs local analysis only when the workspace is not trusted", () => {
      const api = vscode.extensions.getExtension<Api>(EXTENSION_ID)!.exports;
      assert.equal(api.restricted(), !vscode.workspace.isTrusted);
    });
  });
}
