/**
 * API keys cross the LSP connection sealed (AES-256-GCM) with a per-session transport key that
 * the client hands the server in its environment (`PNS_KEY_TRANSPORT`) when it starts it. The
 * language client's trace (`pns.trace.server: verbose`) logs every message's params; sealed, a
 * key never appears there or anywhere else on the wire in clear.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** The environment variable carrying the transport key (base64, 32 bytes) to the server. */
export const KEY_TRANSPORT_VARIABLE = "PNS_KEY_TRANSPORT";

export function newTransportKey(): string {
  return randomBytes(32).toString("base64");
}

const bytes = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, "base64"));
const base64 = (data: Uint8Array): string => Buffer.from(data).toString("base64");

/** `iv.tag.ciphertext`, each base64. */
export function sealKey(key: string, transportKey: string): string {
  const iv = new Uint8Array(randomBytes(12));
  const cipher = createCipheriv("aes-256-gcm", bytes(transportKey), iv);
  const head = new Uint8Array(cipher.update(key, "utf8"));
  const tail = new Uint8Array(cipher.final());
  const sealed = new Uint8Array(head.length + tail.length);
  sealed.set(head);
  sealed.set(tail, head.length);
  return [iv, new Uint8Array(cipher.getAuthTag()), sealed].map(base64).join(".");
}

/** The key, or undefined when the text was not sealed with this transport key (or was altered). */
export function openKey(sealed: string, transportKey: string): string | undefined {
  const [iv, tag, data] = sealed.split(".").map(bytes);
  if (!iv || !tag || !data || iv.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", bytes(transportKey), iv);
    decipher.setAuthTag(tag);
    return decipher.update(data, undefined, "utf8") + decipher.final("utf8");
  } catch {
    return undefined;
  }
}

/**
 * Takes the transport key out of the environment (so no config can name it as a key variable and
 * no child process inherits it).
 */
export function takeTransportKey(env: NodeJS.ProcessEnv): string | undefined {
  const value = env[KEY_TRANSPORT_VARIABLE];
  delete env[KEY_TRANSPORT_VARIABLE];
  return value && Buffer.from(value, "base64").length === 32 ? value : undefined;
}
