// The folder a course command works on. Not a folder, or a folder without syllabus.md, is a usage error
// (exit 2) decided here, before any stage runs: the exit code never depends on matching a rule id.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { AjarError } from '../../diagnostics/errors.js';
import { SYLLABUS } from '../../load/index.js';
import { rules as loadRules } from '../../load/rules.js';
import { rules } from '../rules.js';
import { readConfigFile } from '../../config/index.js';
import type { RuleSetting } from '../../config/schema.js';

export async function courseFolder(ctx: Context, dir: string): Promise<string> {
  const root = path.resolve(ctx.cwd, dir);
  const info = await stat(root).catch(() => undefined);
  if (info && !info.isDirectory()) throw new AjarError(rules['not-a-folder']({ data: { dir } }));
  if (!info) throw new AjarError(rules['no-course-dir']({ data: { dir } }));
  const syllabus = await stat(path.join(root, SYLLABUS)).catch(() => undefined);
  if (!syllabus) throw new AjarError(loadRules['no-syllabus']({ data: { dir: root } }));
  return root;
}

/**
 * The `rules:` of an ajar.yaml, through the one config loader, for commands whose diagnostics do not come
 * from the pipeline (publish, questions); none when there is no such file.
 */
export async function ruleSettingsIn(file: string, env: Readonly<Record<string, string | undefined>>): Promise<Record<string, RuleSetting>> {
  return (await readConfigFile(file, env)).config.rules;
}
