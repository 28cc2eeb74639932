import { RemoteError } from "./errors";

/** Waits `ms`, or rejects with an `aborted` RemoteError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The error every cancelled operation in the scoring service rejects with. */
export function abortedError(signal?: AbortSignal): RemoteError {
  const reason: unknown = signal?.reason;
  const why = reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "cancelled";
  return new RemoteError("aborted", `cancelled: ${why}`);
}
