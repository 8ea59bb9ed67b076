import { cp, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { AjarError } from '../../diagnostics/errors.js';
import { t } from '../../diagnostics/lang.js';
import { writeFileAtomic, tempPathFor } from '../../fs/atomic.js';
import { idFromPath } from '../../load/index.js';
import { rules } from '../rules.js';
import type { GrammarOptions } from '../options.js';
import { finish } from '../outcome.js';
import { packagePath } from '../../util/package-root.js';

const templates = packagePath('templates');

export interface InitOptions extends GrammarOptions {
  language?: 'id' | 'en';
  force?: boolean;
}

export async function init(ctx: Context, dir: string, options: InitOptions): Promise<number> {
  const target = path.resolve(ctx.cwd, dir);
  const lang = options.language ?? ctx.explicitLang ?? 'id';
  const info = await stat(target).catch(() => undefined);
  if (info && !info.isDirectory()) throw new AjarError(rules['not-a-folder']({ data: { dir } }));
  const existing = await readdir(target).catch(() => undefined);
  // Hidden entries (.git, .vscode) do not make a folder “not empty”: `git init k && cd k && ajar init` works.
  if (existing && existing.some((name) => !name.startsWith('.')) && !options.force) throw new AjarError(rules['init-not-empty']({ data: { dir } }));

  const id = idFromPath(path.basename(target)) || 'kursus-baru';
  // Fill a temporary sibling folder, then move it (or its files) into place: a cancelled init leaves nothing half-made.
  const temp = tempPathFor(target);
  await mkdir(temp, { recursive: true });
  try {
    await cp(path.join(templates, lang), temp, { recursive: true });
    await cp(path.join(templates, 'media'), path.join(temp, 'media'), { recursive: true });
    for (const file of await listText(temp)) {
      const text = await readFile(file, 'utf8');
      await writeFileAtomic(file, text.replaceAll('{{id}}', id));
    }
    if (!existing) {
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
    } else {
      await cp(temp, target, { recursive: true, force: true });
      await rm(temp, { recursive: true, force: true });
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  const relative = path.relative(ctx.cwd, target) || '.';
  const pretty = () => {
    if (ctx.quiet) return;
    // Quoted when it has spaces, so the next steps can be pasted as they are.
    const rel = /[\s'"$`\\]/.test(relative) ? `"${relative.replace(/(["$`\\])/g, '\\$1')}"` : relative;
    write(
      ctx.stdout,
      t(
        ctx.lang,
        `Kursus baru dibuat di ${relative}/. Langkah berikutnya:\n  ajar check ${rel}\n  ajar build ${rel}`,
        `New course created in ${relative}/. Next steps:\n  ajar check ${rel}\n  ajar build ${rel}`,
      ),
    );
  };
  return finish(ctx, 'init', { diagnostics: [], result: { dir: relative, id, language: lang }, pretty }, options);
}

async function listText(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(md|ya?ml)$/.test(entry.name)) out.push(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
  }
  return out;
}

