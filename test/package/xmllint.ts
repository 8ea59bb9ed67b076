// Validates XML with Debian's xmllint against the official schemas in ../shared/xsd (tests may read ../shared).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../support/cli.js';

export const sharedXsd = path.resolve(repoRoot, '..', 'shared', 'xsd');

export function xmllint(xml: string, schema: 'scorm12' | 'scorm2004'): { code: number; stderr: string } {
  const xsd = path.join(sharedXsd, schema, `${schema}_all.xsd`);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, '-'], { input: xml, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stderr: r.stderr };
}
