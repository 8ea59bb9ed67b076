// Snapshots of a folder (paths, sizes and hashes), to prove a command wrote nothing or to compare outputs.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, lstatSync, mkdtempSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function snapshot(dir: string, options: { exceptCache?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, full);
    // ajar's own cache folder (.ajar/, see docs) is not the author's: commands may keep it up to date.
    if (options.exceptCache && (rel === '.ajar' || rel.startsWith(`.ajar${path.sep}`))) continue;
    const st = lstatSync(full);
    out[rel] = st.isFile() ? createHash('sha256').update(readFileSync(full)).digest('hex') : st.isDirectory() ? 'dir' : 'link';
  }
  return out;
}

/** A private copy of a fixture folder in a temp dir whose path has spaces in it, as users' paths do. */
export function copyFixture(dir: string, prefix = 'ajar uji '): string {
  const target = path.join(mkdtempSync(path.join(os.tmpdir(), prefix)), path.basename(dir));
  cpSync(dir, target, { recursive: true });
  return target;
}

/** Every `.md` file under `dir` (outputs, caches and node_modules skipped), as absolute paths. */
export function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !['node_modules', 'dist', '.ajar'].includes(e.name)) out.push(...markdownFiles(p));
    else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
  }
  return out;
}
