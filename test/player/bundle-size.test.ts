// What every learner downloads before the first lesson, on links paid per byte: the player's script and
// style sheet, gzipped (-9), stay within the 30 KB budget (docs/player.md, Numbers; bench/player.mjs
// prints the same figure next to an LMS runtime).
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';

const BUDGET = 30 * 1024;

beforeAll(() => ensurePlayerBundle(), 120_000);

describe('the player bundle', () => {
  it('is at most 30 KB gzipped, script and style sheet together', () => {
    const gzipped = (file: string) => gzipSync(readFileSync(path.join(projectRoot, 'lib/player', file)), { level: 9 }).length;
    const js = gzipped('player.js');
    const css = gzipped('player.css');
    // Both are real bundles (a build that wrote nothing would pass the budget trivially).
    expect(js).toBeGreaterThan(10 * 1024);
    expect(css).toBeGreaterThan(512);
    expect(js + css).toBeLessThanOrEqual(BUDGET);
  });
});
