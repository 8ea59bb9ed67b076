// `ajar build --format cmi5,xapi` end to end: the zips the pipeline writes carry a valid cmi5.xml and
// tincan.xml, are byte-identical across builds, and hold exactly the files the preview LMS plays (so the
// Chromium tests against the preview play these packages).
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runAjar } from '../support/cli.js';
import { cmi5Xsd } from '../support/third-party.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { snapshot } from '../support/tree.js';
import { startPreview } from '../../src/preview/server.js';
import { plan } from '../../src/pipeline.js';
import { writeCourse } from './course.js';

const run = promisify(execFile);
const XSD = cmi5Xsd;

let dir: string;
beforeAll(async () => {
  await ensurePlayerBundle();
  dir = await writeCourse();
}, 60_000);

async function buildOnce(): Promise<{ format: string; file: string; sha256: string }[]> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'ajar-cmi5-out-'));
  const r = await runAjar(['build', dir, '--formats', 'cmi5,xapi', '--no-media', '--out', out, '--format', 'json']);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return JSON.parse(r.stdout).result.packages;
}

describe('ajar build --formats cmi5,xapi', () => {
  it('writes valid, deterministic packages that hold what the preview plays', async () => {
    const first = await buildOnce();
    const second = await buildOnce();
    expect(first.map((p) => path.basename(p.file))).toEqual(['kursus-pratinjau-1.0.0-cmi5.zip', 'kursus-pratinjau-1.0.0-xapi.zip']);
    expect(first.map((p) => p.sha256)).toEqual(second.map((p) => p.sha256));

    const server = await startPreview({ dir, plan, mode: 'cmi5', port: 0, env: {}, lang: 'id', watch: false });
    try {
      for (const pkg of first) {
        const mode = pkg.format === 'cmi5' ? 'cmi5' : 'xapi';
        const unzipped = await mkdtemp(path.join(os.tmpdir(), 'ajar-cmi5-unzip-'));
        await run('unzip', ['-q', pkg.file, '-d', unzipped]);
        const tree = snapshot(unzipped);
        const files = Object.keys(tree).filter((f) => tree[f] !== 'dir').map((f) => f.split(path.sep).join('/'));
        expect(files).toContain(mode === 'cmi5' ? 'cmi5.xml' : 'tincan.xml');
        expect(files).toContain('ajar/xapi.json');
        if (mode === 'cmi5') {
          const lint = await run('xmllint', ['--noout', '--schema', XSD, path.join(unzipped, 'cmi5.xml')]);
          expect(lint.stderr).toContain('validates');
        }
        for (const f of files) {
          const served = await fetch(new URL(`/course/${mode}/${f.split('/').map(encodeURIComponent).join('/')}`, server.url));
          expect(served.status, f).toBe(200);
          const bytes = Buffer.from(await served.arrayBuffer());
          const packaged = await readFile(path.join(unzipped, f));
          // The preview's launch page differs in one attribute only: it exposes the player for debugging.
          if (f === 'index.html') expect(bytes.toString('utf8').replace(' data-ajar-debug', ''), f).toBe(packaged.toString('utf8'));
          else expect(Buffer.compare(bytes, packaged), f).toBe(0);
        }
      }
    } finally {
      await server.close();
    }
  });
});
