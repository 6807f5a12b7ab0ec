import * as fs from 'node:fs';

export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Reads a Dockerfile for analysis; a one-line reason instead of a stack trace when it cannot. */
export function readDockerfile(file: string): { text: string } | { error: string } {
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) return { error: `${file}: is a directory` };
    // A FIFO or a device would block the read (a `Dockerfile` FIFO in a repository hangs `check **/Dockerfile`);
    // standard input and `<(…)` are pipes the user handed over on purpose.
    if (!st.isFile() && !/^\/(dev|proc\/self)\/(stdin$|fd\/)/.test(file)) return { error: `${file}: not a regular file` };
    if (st.size > MAX_FILE_BYTES) return { error: `${file}: ${st.size} bytes is larger than the ${MAX_FILE_BYTES}-byte limit` };
    const buf = fs.readFileSync(file);
    // A BOM is not part of the first instruction.
    const text = buf.toString('utf8').replace(/^\uFEFF/, '');
    return { text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}` };
  }
}

/** Replaces a file atomically: a crash or a full disk never leaves it truncated. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.dockerlean-${process.pid}.tmp`;
  try {
    const mode = fs.statSync(file).mode;
    fs.writeFileSync(tmp, text, { mode });
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Not ours to remove (a directory in the way): the write's own error is the one to report.
    }
    throw e;
  }
}
