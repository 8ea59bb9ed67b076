// Bundles the browser player (src/player) into lib/player/player.js + player.css: minified, no source
// maps, no banners, so the same sources always give the same bytes (packages are byte-identical).
// Each file is written under a temporary name and renamed into place, so a build running while tests
// read the bundle (or two builds at once) never exposes a half-written file.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'lib/player');
mkdirSync(out, { recursive: true });

function writeAtomic(file, contents) {
  const temp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}

const common = { bundle: true, minify: true, legalComments: 'none', charset: 'utf8', logLevel: 'warning', absWorkingDir: root, write: false };
const js = await build({
  ...common,
  entryPoints: [path.join(root, 'src/player/main.ts')],
  outfile: path.join(out, 'player.js'),
  format: 'iife',
  target: 'es2020',
  platform: 'browser',
});
const css = await build({
  ...common,
  entryPoints: [path.join(root, 'src/player/player.css')],
  outfile: path.join(out, 'player.css'),
  target: ['chrome80', 'safari14', 'firefox78'],
});
for (const f of [...js.outputFiles, ...css.outputFiles]) writeAtomic(f.path, f.contents);
