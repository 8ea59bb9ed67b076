// `ajar check [dir]`: load and check every source. Exit 0 clean (warnings allowed unless --strict),
// 1 problems found, 2 not a course folder.

import type { Context } from '../context.js';
import { check as runCheck } from '../../pipeline.js';
import type { GrammarOptions } from '../options.js';
import { finish } from '../outcome.js';
import { courseFolder } from './course-folder.js';

export async function check(ctx: Context, dir: string, options: GrammarOptions & { cache?: boolean }): Promise<number> {
  const root = await courseFolder(ctx, dir);
  // The pipeline's prefix load → check; `rules:` severities are already applied to what it returns.
  const checked = await runCheck({ dir: root, env: ctx.env, cache: options.cache !== false });
  const course = checked.course ? { id: checked.course.id, version: checked.course.version, title: checked.course.title } : null;
  return finish(ctx, 'check', { diagnostics: checked.diagnostics, result: { course, ...(checked.cache ? { cache: checked.cache } : {}) }, root }, options);
}
