import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AjarError } from '../../diagnostics/errors.js';
import { rules } from '../rules.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { writeFileAtomic } from '../../fs/atomic.js';
import { t } from '../../diagnostics/lang.js';
import { schemas } from '../../config/all-schemas.js';

export async function schema(ctx: Context, dir: string): Promise<number> {
  const out = path.resolve(ctx.cwd, dir);
  const info = await stat(out).catch(() => undefined);
  if (info && !info.isDirectory()) throw new AjarError(rules['not-a-folder']({ data: { dir } }));
  for (const [name, value] of Object.entries(schemas())) {
    await writeFileAtomic(path.join(out, `${name}.schema.json`), JSON.stringify(value, null, 2) + '\n');
  }
  if (!ctx.quiet) {
    write(
      ctx.stdout,
      t(
        ctx.lang,
        `Skema ditulis ke ${path.relative(ctx.cwd, out) || '.'}/ (${Object.keys(schemas()).join(', ')}). Lihat docs/configuration.md untuk memasangnya di penyunting.`,
        `Schemas written to ${path.relative(ctx.cwd, out) || '.'}/ (${Object.keys(schemas()).join(', ')}). See docs/configuration.md to hook them into your editor.`,
      ),
    );
  }
  return 0;
}
