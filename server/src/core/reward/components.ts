/**
 * The reward's components, defined once: the engine's id, the name the reward server's HTTP API
 * and the scoring service use, and the label people read (hover, code lenses, breakdown, the
 * overview panel, unscored reasons). Every front end takes its names from here, so a label cannot
 * drift between the editor, the CLI and the trainer's logs. The array order is the order lists
 * and columns show them in (the order of the config's `weights`).
 */
export const REWARD_COMPONENTS = [
  { id: "format", api: "format", label: "format", remote: false },
  { id: "accuracy", api: "accuracy", label: "answer (inverted)", remote: false },
  { id: "rewardModel", api: "rm", label: "reward model", remote: true },
  { id: "judge", api: "judge", label: "judge", remote: true },
  { id: "localCot", api: "cot", label: "local CoT", remote: false },
] as const;

type Entry = (typeof REWARD_COMPONENTS)[number];

/** The engine's name of a component (`ComponentScore.name`). */
export type ComponentName = Entry["id"];
/** A component's name in the reward server's API (`components`, `used`, `unscored`). */
export type ApiComponent = Entry["api"];
/** The remote components: computed by the scoring service, looked up by the analysis. */
export type RemoteComponentName = Extract<Entry, { remote: true }>["id"];
/** A remote component's name in the API and in the scoring service (`rm`, `judge`). */
export type RemoteApiName = Extract<Entry, { remote: true }>["api"];

/** Every component id, in display order. */
export const COMPONENT_NAMES: readonly ComponentName[] = REWARD_COMPONENTS.map((c) => c.id);
/** Every API name, in display order. */
export const API_COMPONENTS: readonly ApiComponent[] = REWARD_COMPONENTS.map((c) => c.api);

const byId = new Map<string, Entry>(REWARD_COMPONENTS.map((c) => [c.id, c]));
const byApi = new Map<string, Entry>(REWARD_COMPONENTS.map((c) => [c.api, c]));

/** The label people read for a component id; an unknown name is shown as it is. */
export function componentLabel(name: string): string {
  return byId.get(name)?.label ?? name;
}

type ApiOf = { [E in Entry as E["id"]]: E["api"] };
type IdOf = { [E in Entry as E["api"]]: E["id"] };

/** The API name of a component id. */
export function apiName<N extends ComponentName>(name: N): ApiOf[N] {
  return byId.get(name)!.api as ApiOf[N];
}

/** The component id of an API name. */
export function componentOfApi<A extends ApiComponent>(api: A): IdOf[A] {
  return byApi.get(api)!.id as IdOf[A];
}

/** The label of a remote component named by its API (scoring service) name. */
export function remoteLabel(api: RemoteApiName): string {
  return byApi.get(api)!.label;
}

/** Whether a string is an API component name. */
export function isApiComponent(name: string): name is ApiComponent {
  return byApi.has(name);
}
