import { componentOfApi } from "../core/reward/components";
import { RemoteError } from "./errors";
import { type KeyGrant, keyDestinationAllowed } from "./keyPolicy";
import type { EndpointSettings, RemoteComponent, SecretProvider } from "./types";

/**
 * The API key for a component: first what the editor passed in (SecretStorage), then the
 * environment variable the settings name. A named variable that is unset is a configuration
 * error, reported as the item's unscored reason; no name at all means a keyless local server.
 * Keys never come from the config file itself, and a variable goes only where `keyPolicy.ts`
 * allows (the editor's provider applies the user's per-host approvals itself).
 */
export function resolveApiKey(
  component: RemoteComponent,
  settings: EndpointSettings,
  env: Record<string, string | undefined>,
  secrets?: SecretProvider,
  grants: readonly KeyGrant[] = [],
): string | undefined {
  const fromEditor = secrets?.(component, settings.baseUrl);
  if (fromEditor) return fromEditor;
  if (!settings.apiKeyEnv) return undefined;
  const decision = keyDestinationAllowed(settings.apiKeyEnv, settings.baseUrl, grants);
  if (!decision.allowed) throw new RemoteError("config", decision.reason);
  const value = env[settings.apiKeyEnv];
  if (!value) {
    throw new RemoteError(
      "config",
      `the API key variable ${settings.apiKeyEnv} named in the ${componentOfApi(component)} settings is not set`,
    );
  }
  return value;
}
