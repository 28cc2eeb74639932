/**
 * The webview end of the message channel: typed posting, typed receiving and persisted view
 * state (`getState/setState` survive a reload; the host's serializer restores the panel).
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Channel<Out, State> {
  post(message: Out): void;
  /** The state saved before the last reload, if any. */
  readonly saved: Partial<State>;
  save(state: State): void;
}

/**
 * Connects once per page (acquireVsCodeApi may be called only once). Messages without a string
 * `type` are ignored: only the host posts to us, but a webview must not trust shapes blindly.
 */
export function connect<In extends { type: string }, Out, State>(
  onMessage: (message: In) => void,
): Channel<Out, State> {
  const api = acquireVsCodeApi();
  window.addEventListener("message", (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (typeof data === "object" && data !== null && typeof (data as { type?: unknown }).type === "string")
      onMessage(data as In);
  });
  const saved = (api.getState() ?? {}) as Partial<State>;
  return {
    post: (message) => api.postMessage(message),
    saved,
    save: (state) => api.setState(state),
  };
}
