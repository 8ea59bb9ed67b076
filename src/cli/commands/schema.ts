// `ajar schema [-o dir]`: the JSON Schemas of every front-matter kind, ajar.yaml, and the `--format json`
// envelope (output.schema.json), for editors and for tools that read ajar's machine output.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AjarError } from '../../diagnostics/errors.js';
import { rules } from '../rules.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { writeFileAtomic } from '../../fs/atomic.js';
import { t } from '../../diagnostics/lang.js';
import { schemas } from '../../config/index.js';
import { envelopeSchema } from '../envelope.js';
import { deprecationWarning, type GrammarOptions } from '../options.js';
import { finish } from '../outcome.js';

/** Every schema `ajar schema` writes, by file name stem. */
export function allSchemas(): Record<string, object> {
  return { ...schemas(), output: envelopeSchema() };
}

export async function schema(ctx: Context, dir: string | undefined, options: GrammarOptions): Promise<number> {
  if (dir !== undefined && !ctx.quiet) deprecationWarning(ctx, `ajar schema ${dir}`, `ajar schema -o ${dir}`);
  const given = options.out ?? dir ?? 'schemas';
  const out = path.resolve(ctx.cwd, given);
  const info = await stat(out).catch(() => undefined);
  if (info && !info.isDirectory()) throw new AjarError(rules['not-a-folder']({ data: { dir: given } }));
  const all = allSchemas();
  const files: string[] = [];
  for (const [name, value] of Object.entries(all)) {
    await writeFileAtomic(path.join(out, `${name}.schema.json`), JSON.stringify(value, null, 2) + '\n');
    files.push(`${name}.schema.json`);
  }
  const relative = path.relative(ctx.cwd, out) || '.';
  const pretty = () => {
    if (ctx.quiet) return;
    write(
      ctx.stdout,
      t(
        ctx.lang,
        `Skema ditulis ke ${relative}/ (${Object.keys(all).join(', ')}). Lihat docs/configuration.md untuk memasangnya di penyunting.`,
        `Schemas written to ${relative}/ (${Object.keys(all).join(', ')}). See docs/configuration.md to hook them into your editor.`,
      ),
    );
  };
  return finish(ctx, 'schema', { diagnostics: [], result: { dir: relative, files }, pretty }, options);
}
