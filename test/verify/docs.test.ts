// docs/verify.md lists every rule verify can report, every limit with its default, and says which rules the
// lms profile turns into warnings — checked against the code, so the page cannot drift from it.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../../src/verify/rules.js';
import { defaultLimits } from '../../src/verify/index.js';
import { SCHEMA_ONLY_RULES } from '../../src/verify/profile.js';

const doc = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../docs/verify.md'), 'utf8');

describe('docs/verify.md', () => {
  it('names every verify rule', () => {
    const missing = Object.keys(rules).filter((id) => !doc.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });

  it('marks exactly the rules the lms profile turns into warnings', () => {
    const marked = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| error \| \*\*warning\*\* \|/gm)].map((m) => m[1]);
    const inline = [...doc.matchAll(/`([a-z0-9-]+)` \(\*\*lms: warning\*\*\)/g)].map((m) => m[1]);
    expect(new Set([...marked, ...inline])).toEqual(new Set(SCHEMA_ONLY_RULES));
  });

  it('gives every limit with its default', () => {
    expect(doc).toContain(`| \`maxEntries\` | ${defaultLimits.maxEntries.toLocaleString('en')} entries`);
    expect(doc).toContain(`| \`maxTotalBytes\` | ${defaultLimits.maxTotalBytes / 1024 ** 3} GiB`);
    expect(doc).toContain(`| \`maxRatio\` | ${defaultLimits.maxRatio}×`);
    expect(doc).toContain(`| \`maxArchiveRatio\` | ${defaultLimits.maxArchiveRatio}×`);
    expect(doc).toContain(`(${defaultLimits.ratioFloorBytes / 1024 ** 2} MiB)`);
    expect(doc).toContain(`| \`maxManifestBytes\` | ${defaultLimits.maxManifestBytes / 1024 ** 2} MiB`);
    expect(Object.keys(defaultLimits).filter((k) => !doc.includes(`\`${k}\``))).toEqual([]);
  });
});
