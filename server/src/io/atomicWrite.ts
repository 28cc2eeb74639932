import { promises as fs } from "node:fs";
import * as path from "node:path";

type FileHandle = Awaited<ReturnType<typeof fs.open>>;

/** Hooks for tests: how the temp file is opened (to inject a failing write, say). */
export interface AtomicFileOptions {
  open?: (file: string, flags: string, mode: number) => Promise<FileHandle>;
}

/**
 * A file replaced atomically, written in pieces: the data goes to a temp file next to the target
 * (same file system, so the rename is atomic), is flushed, then renamed over it. Readers never see
 * it half-written, and:
 * - a symlink is written through: its target is replaced, the link stays a link;
 * - the file keeps its permission bits (a 0600 file stays 0600; a new file gets the umask's);
 * - on any failure (a full disk, say) the temp file is removed and the target is untouched.
 */
export class AtomicFile {
  private done = false;

  private constructor(
    /** The file really replaced (the symlink's target, for a link). */
    readonly target: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
    private readonly mode: number | undefined,
  ) {}

  static async create(target: string, options: AtomicFileOptions = {}): Promise<AtomicFile> {
    const real = await resolveLinks(target);
    const mode = await fs.stat(real).then(
      (stat) => stat.mode & 0o7777,
      () => undefined,
    );
    const temp = path.join(
      path.dirname(real),
      `.${path.basename(real)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`,
    );
    // Private until renamed: the final mode is set just before (a 0600 file is never readable).
    const handle = await (options.open ?? fs.open)(temp, "wx", 0o600);
    return new AtomicFile(real, temp, handle, mode);
  }

  async write(data: string | Uint8Array): Promise<void> {
    try {
      // writeFile writes all of it (write may stop short), from the current position.
      await this.handle.writeFile(data);
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Flushes and renames the temp file over the target. */
  async commit(): Promise<void> {
    if (this.done) throw new Error("AtomicFile: already committed or aborted");
    try {
      await this.handle.sync();
      await this.handle.chmod(this.mode ?? 0o666 & ~currentUmask());
      await this.handle.close();
      this.done = true;
      await fs.rename(this.temp, this.target);
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Drops the temp file; the target stays as it was. Safe to call more than once. */
  async abort(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.handle.close().catch(() => undefined);
    }
    await fs.rm(this.temp, { force: true });
  }
}

/**
 * Writes a file so that readers never see it half-written (see {@link AtomicFile}: through
 * symlinks, keeping the mode, no temp file left on failure).
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const file = await AtomicFile.create(target);
  await file.write(data);
  await file.commit();
}

/** The file a path names after following symlinks, also when the last link dangles (then it is created). */
async function resolveLinks(target: string): Promise<string> {
  let current = path.resolve(target);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = await fs.readlink(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Not a link (EINVAL) or not there (ENOENT): this is the file. The folders on the way may
      // be links too; that is fine, the temp file goes in the same folder either way.
      if (code === "EINVAL" || code === "ENOENT") return current;
      throw error;
    }
    current = path.resolve(path.dirname(current), link);
  }
  throw Object.assign(new Error(`too many levels of symbolic links: ${target}`), { code: "ELOOP" });
}

function currentUmask(): number {
  // process.umask() without an argument is deprecated; set and restore reads it without a race
  // inside one thread.
  const mask = process.umask(0o022);
  process.umask(mask);
  return mask;
}
