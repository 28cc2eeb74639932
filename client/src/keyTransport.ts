/**
 * This editor session's transport key: the server gets it in its environment, and API keys are
 * sealed with it before they cross the LSP connection (server/src/protocol/sealedKey.ts), so the
 * language client's trace never shows a key.
 */
import { newTransportKey } from "../../server/src/protocol/sealedKey";

export const transportKey = newTransportKey();
