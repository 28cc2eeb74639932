// Types for chromium.mjs (plain Node for the benchmark and the e2e harness; the webview tests
// import it from TS).

/** Flags for every headless launch; copy and append, e.g. `[...CHROMIUM_FLAGS, "--x"]`. */
export declare const CHROMIUM_FLAGS: readonly string[];
/** `PNS_CHROMIUM`, else `chromium` or `chromium-browser` on the PATH; undefined when none. */
export declare function findChromium(): string | undefined;
/** findChromium, installing Debian's chromium with apt-get when missing and root; throws otherwise. */
export declare function chromiumPath(): string;
