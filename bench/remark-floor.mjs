#!/usr/bin/env node
// The floor of a remark-based build: read every .md under DIR, drop its front matter, and turn it into
// HTML with one reused unified processor (remark-parse + remark-gfm + remark-rehype + rehype-stringify).
// Usage: node bench/remark-floor.mjs DIR
//
// Provenance: copied from the session's shared bench/remark-floor.mjs, the floor issue 16 measures ajar against;
// the one change is that the packages resolve from this repository's node_modules (next to bench/) instead of
// the working directory's, so the script runs from anywhere.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'package.json'));
const load = async (name) => (await import(pathToFileURL(require.resolve(name)).href)).default;
const { unified } = await import(pathToFileURL(require.resolve('unified')).href);
const processor = unified()
  .use(await load('remark-parse'))
  .use(await load('remark-gfm'))
  .use(await load('remark-rehype'))
  .use(await load('rehype-stringify'))
  .freeze();

let files = 0;
let htmlBytes = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (file.endsWith('.md')) {
      const body = readFileSync(file, 'utf8').replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
      htmlBytes += String(processor.processSync(body)).length;
      files++;
    }
  }
};
walk(process.argv[2] ?? '.');
console.log(`${files} files, ${htmlBytes} bytes of HTML`);
