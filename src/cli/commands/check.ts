// `ajar check [dir]`: load and check every source. Exit 0 clean (warnings allowed unless --strict),
// 1 problems found, 2 not a course folder.

import type { Context } from '../context.js';
import { loadCourse } from '../../load/index.js';
import { checkCourse } from '../../check/index.js';
import type { GrammarOptions } from '../options.js';
import { finish } from '../outcome.js';
import { courseFolder } from './course-folder.js';

export async function check(ctx: Context, dir: string, options: GrammarOptions): Promise<number> {
  const root = await courseFolder(ctx, dir);
  const loaded = await loadCourse(root, ctx.env);
  const course = loaded.course ? { id: loaded.course.id, version: loaded.course.version, title: loaded.course.title } : null;
  return finish(ctx, 'check', { diagnostics: checkCourse(loaded), result: { course }, ruleSettings: loaded.config.rules, root }, options);
}
