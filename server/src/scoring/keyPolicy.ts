/**
 * Which secret may go to which host. The project config (`pns.config.json`, a dataset
 * repository's file, untrusted) names an endpoint URL and the NAME of the variable holding its
 * key; on its own it must not be able to send a secret anywhere. So a key variable is sent only
 *
 * - to a loopback endpoint, when it is one of the project's own key variables
 *   ({@link PROJECT_KEY_VARIABLES}) or a well-known provider variable ({@link PROVIDER_KEY_HOSTS});
 * - over https to its provider's own host, for a well-known provider variable;
 * - wherever the user allowed it: `PNS_ALLOW_KEYS=VAR@host,...` in the environment, `--allow-key`
 *   (serve-reward), or the editor's user-level `pns.security.allowKeys` (passed as the same
 *   variable). None of these can come from a project file.
 *
 * Anything else (say `AWS_SECRET_ACCESS_KEY` to any host, or `PNS_JUDGE_API_KEY` to a host the
 * project config picked) is refused with a message that says why and how to allow it.
 */

/** The variables this project documents for its own keys. */
export const PROJECT_KEY_VARIABLES: readonly string[] = ["PNS_JUDGE_API_KEY", "PNS_REWARD_MODEL_API_KEY"];

/**
 * Well-known key variables of OpenAI-compatible providers and the hosts each key belongs to
 * (`*.` matches any subdomain). A key is never sent to another provider's host.
 */
export const PROVIDER_KEY_HOSTS: Readonly<Record<string, readonly string[]>> = {
  OPENAI_API_KEY: ["api.openai.com"],
  AZURE_OPENAI_API_KEY: ["*.openai.azure.com"],
  ANTHROPIC_API_KEY: ["api.anthropic.com"],
  GEMINI_API_KEY: ["generativelanguage.googleapis.com"],
  MISTRAL_API_KEY: ["api.mistral.ai"],
  GROQ_API_KEY: ["api.groq.com"],
  TOGETHER_API_KEY: ["api.together.xyz", "api.together.ai"],
  FIREWORKS_API_KEY: ["api.fireworks.ai"],
  DEEPSEEK_API_KEY: ["api.deepseek.com"],
  DEEPINFRA_API_KEY: ["api.deepinfra.com"],
  OPENROUTER_API_KEY: ["openrouter.ai"],
  XAI_API_KEY: ["api.x.ai"],
  CEREBRAS_API_KEY: ["api.cerebras.ai"],
  HF_TOKEN: ["router.huggingface.co", "api-inference.huggingface.co", "*.endpoints.huggingface.cloud"],
};

/** The environment variable the user's allow-list is read from. */
export const ALLOW_KEYS_VARIABLE = "PNS_ALLOW_KEYS";

/** One user approval: this variable may be sent to this host (`*.` for subdomains; `*` for any). */
export interface KeyGrant {
  variable: string;
  host: string;
}

export type KeyDecision = { allowed: true } | { allowed: false; reason: string };

/** Parses `VAR@host` entries separated by commas or whitespace; malformed entries are reported. */
export function parseKeyGrants(text: string | undefined): { grants: KeyGrant[]; errors: string[] } {
  const grants: KeyGrant[] = [];
  const errors: string[] = [];
  for (const entry of (text ?? "").split(/[\s,]+/)) {
    if (entry === "") continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)@([A-Za-z0-9.*:[\]-]+)$/.exec(entry);
    if (!match) {
      errors.push(
        `ignoring '${entry}' in the key allow-list: write VARIABLE@host (e.g. MY_KEY@api.example.com)`,
      );
      continue;
    }
    grants.push({ variable: match[1], host: match[2].toLowerCase() });
  }
  return { grants, errors };
}

/** 127.0.0.0/8, ::1 and localhost: a server on this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

function hostMatches(pattern: string, hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (pattern === "*") return true;
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return host === pattern;
}

/** Whether the key in `variable` may be sent to `url`, and if not, why (for the user). */
export function keyDestinationAllowed(
  variable: string,
  url: string,
  grants: readonly KeyGrant[],
): KeyDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { allowed: false, reason: `not sending ${variable}: the endpoint URL is not valid` };
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (grants.some((g) => g.variable === variable && hostMatches(g.host, host))) return { allowed: true };
  const providerHosts = PROVIDER_KEY_HOSTS[variable];
  const known = providerHosts !== undefined || PROJECT_KEY_VARIABLES.includes(variable);
  if (known && isLoopbackHost(host)) return { allowed: true };
  if (providerHosts?.some((p) => hostMatches(p, host)) && parsed.protocol === "https:")
    return { allowed: true };
  const how = `if you trust ${host} with it, allow it yourself: ${ALLOW_KEYS_VARIABLE}=${variable}@${host} in the environment (or the user setting pns.security.allowKeys in VS Code); a project's pns.config.json cannot allow it`;
  if (providerHosts) {
    const where = providerHosts.join(" or ");
    return {
      allowed: false,
      reason: `not sending ${variable} to ${host}: that key is only sent over https to ${where} or to this machine (loopback); ${how}`,
    };
  }
  if (known) {
    return {
      allowed: false,
      reason: `not sending ${variable} to ${host}: the host was chosen by the project settings, and this key goes only to this machine (loopback) unless you allow the host; ${how}`,
    };
  }
  return {
    allowed: false,
    reason: `not sending ${variable} to ${host}: the project settings name a variable that is not a known API key variable (${PROJECT_KEY_VARIABLES.join(", ")} or a provider's, e.g. OPENAI_API_KEY), so it is never sent unless you allow it; ${how}`,
  };
}
