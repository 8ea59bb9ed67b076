// The container image installs the same system packages as the test command: one list, in
// scripts/ensure-system.sh. The image itself is built by CI systems that have a Docker engine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
const instructions = dockerfile.split('\n').filter((line) => !line.trimStart().startsWith('#'));

describe('Dockerfile', () => {
  it('installs system packages only through scripts/ensure-system.sh', () => {
    expect(instructions.filter((line) => /apt-get\s+install|apt\s+install/.test(line))).toEqual([]);
    const ensure = instructions.find((line) => line.includes('ensure-system.sh ffmpeg'));
    expect(ensure).toMatch(/ensure-system\.sh ffmpeg chromium xmllint\b/);
  });

  it('runs on Node.js 20 and installs ajar from its own packed tarball without dev dependencies', () => {
    expect(instructions.filter((line) => line.startsWith('FROM ')).every((line) => /node:20-bookworm/.test(line))).toBe(true);
    expect(dockerfile).toMatch(/npm pack/);
    expect(dockerfile).toMatch(/npm install --global --omit=dev[^\n]*ajar\.tgz/);
  });
});
