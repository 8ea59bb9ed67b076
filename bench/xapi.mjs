#!/usr/bin/env node
// cmi5/xAPI tracking: what the cmi5 and xAPI trackers add to the player bundle (esbuild, gzip -9, measured
// against the same bundle built with those trackers stubbed out, in the same run), and the statement
// queue's batching against one request per statement, both against the preview's in-process LRS on
// loopback. Needs `npm run build` first (reads lib/). Usage: node bench/xapi.mjs [statements=500]

import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const count = Number(process.argv[2] ?? 500);

async function bundle(stubbed) {
  const stub = {
    name: 'stub-xapi',
    setup(b) {
      b.onResolve({ filter: /^\.\/(xapi|cmi5)\.js$/ }, (a) => (stubbed && a.importer.endsWith(path.join('tracking', 'index.ts')) ? { path: a.path, namespace: 'stub' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
        contents: 'export class XapiTracker {}; export const cmi5Launch = async () => undefined; export const courseIdentity = async () => ({}); export const tincanLaunch = () => undefined;',
        loader: 'js',
      }));
    },
  };
  const r = await build({
    entryPoints: [path.join(root, 'src/player/main.ts')],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    plugins: [stub],
  });
  return gzipSync(r.outputFiles[0].contents, { level: 9 }).length;
}

const full = await bundle(false);
const without = await bundle(true);
const css = gzipSync(await import('node:fs').then((fs) => fs.readFileSync(path.join(root, 'src/player/player.css'))), { level: 9 }).length;

// The queue in Node: bundle it (it is browser code) and run it against the preview LRS.
const queueCode = await build({ entryPoints: [path.join(root, 'src/player/tracking/queue.ts')], bundle: true, write: false, format: 'esm', platform: 'neutral' });
const { StatementQueue } = await import(`data:text/javascript;base64,${Buffer.from(queueCode.outputFiles[0].text).toString('base64')}`);
const { startPreview } = await import('../lib/preview/server.js');
const server = await startPreview({ dir: path.join(root, 'examples/moderasi-beragama'), mode: 'xapi', port: 0, env: {}, lang: 'en', watch: false });
const origin = new URL(server.url).origin;
const launch = new URL(server.lrs.launch({ profile: 'tincan', origin, base: '/course/xapi/', au: { publisherId: 'urn:bench', moveOn: 'Completed', url: 'index.html', title: 'bench' } }));
const auth = launch.searchParams.get('auth');
const endpoint = `${origin}/lrs/`;
const statement = () => ({
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  actor: server.lrs.actor,
  verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
  object: { objectType: 'Activity', id: `urn:ajar:bench/${randomUUID()}` },
  context: { registration: server.lrs.registration },
});

let t = performance.now();
for (let i = 0; i < count; i++) {
  const r = await fetch(`${endpoint}statements`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3' }, body: JSON.stringify(statement()) });
  if (!r.ok) throw new Error(`LRS answered ${r.status}`);
}
const single = performance.now() - t;
const postsBefore = server.lrs.counts.statementPosts;

const queue = new StatementQueue({ endpoint, auth, key: 'bench' });
t = performance.now();
for (let i = 0; i < count; i++) queue.enqueue(statement());
if (!(await queue.flush())) throw new Error('queue did not drain');
const queued = performance.now() - t;
const posts = server.lrs.counts.statementPosts - postsBefore;
await server.close();

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [
  ['player JS + CSS with cmi5/xAPI trackers, gzip -9', kb(full + css), 'budget 30.0 KB', ((full + css) / (30 * 1024)).toFixed(2)],
  ['cmi5/xAPI trackers + queue + statements (added)', kb(full - without), `player without them ${kb(without)}`, ((full - without) / without).toFixed(2)],
  [`${count} statements through the queue (${posts} POSTs)`, `${queued.toFixed(0)} ms`, `one POST each ${single.toFixed(0)} ms`, (queued / single).toFixed(2)],
];
const head = ['measure', 'value', 'baseline', 'ratio'];
const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [head, w.map((n) => '-'.repeat(n)), ...rows]) console.log(r.map((c, i) => c.padEnd(w[i])).join(' | '));
