// Process-tree teardown for code-server, which forks a file watcher, the extension host and
// (through the extension) the language server: killing only the parent would leave them running.
import { readdirSync, readFileSync } from "node:fs";
import { waitUntil } from "./wait.mjs";

/** Parent pid of every live process, from /proc (Linux only, like the rest of this harness). */
function parentMap() {
  /** @type {Map<number, number>} */
  const parents = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may contain spaces: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process exited while we listed /proc.
    }
  }
  return parents;
}

/** Every descendant pid of `pid` (children first). */
export function descendants(pid) {
  const parents = parentMap();
  const result = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const [child, parent] of parents) {
      if (parent === current) {
        result.push(child);
        queue.push(child);
      }
    }
  }
  return result;
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    const state = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/\) Z /.test(state); // a zombie has exited; its parent just has not reaped it yet
  } catch {
    return false;
  }
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * Stops `pid` and everything it started: note the descendants first (they are re-parented once
 * the root dies), SIGTERM the root, wait up to `graceMs`, SIGTERM the survivors, then SIGKILL
 * whatever is still alive after a second grace period. Returns the pids that had to be killed.
 */
export async function killTree(pid, { graceMs = 10_000 } = {}) {
  const tree = [pid, ...descendants(pid)];
  signal(pid, "SIGTERM");
  const alive = () => tree.filter(isAlive);
  try {
    await waitUntil("code-server's processes exit", () => alive().length === 0, { timeoutMs: graceMs });
    return [];
  } catch {
    for (const survivor of alive()) signal(survivor, "SIGTERM");
  }
  try {
    await waitUntil("the surviving processes exit after SIGTERM", () => alive().length === 0, {
      timeoutMs: graceMs / 2,
    });
    return [];
  } catch {
    const stubborn = alive();
    for (const survivor of stubborn) signal(survivor, "SIGKILL");
    return stubborn;
  }
}
