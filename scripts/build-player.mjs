// Bundles the browser player (src/player) into lib/player/player.js + player.css: minified, no source
// maps, no banners, so the same sources always give the same bytes (packages are byte-identical).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'lib/player');
mkdirSync(out, { recursive: true });

const common = { bundle: true, minify: true, legalComments: 'none', charset: 'utf8', logLevel: 'warning', absWorkingDir: root };
await build({
  ...common,
  entryPoints: [path.join(root, 'src/player/main.ts')],
  outfile: path.join(out, 'player.js'),
  format: 'iife',
  target: 'es2020',
  platform: 'browser',
  // The player must never pull in Node code by accident.
  external: [],
});
await build({
  ...common,
  entryPoints: [path.join(root, 'src/player/player.css')],
  outfile: path.join(out, 'player.css'),
  target: ['chrome80', 'safari14', 'firefox78'],
});
