// Validates XML with Debian's xmllint against the official schemas ajar ships in vendor/xsd.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { vendorXsd } from '../support/third-party.js';

export function xmllint(xml: string, schema: 'scorm12' | 'scorm2004'): { code: number; stderr: string } {
  const xsd = path.join(vendorXsd, schema, `${schema}_all.xsd`);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, '-'], { input: xml, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stderr: r.stderr };
}
