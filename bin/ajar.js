#!/usr/bin/env node
// Thin entry: all wiring lives in src/cli, bundled by scripts/build-bundle.mjs into one CommonJS file,
// lib/bundle/cli.cjs; only this file sets the exit code. The bundle is compiled with V8's code cache
// lib/bundle/cli.cache when that cache was made for this very file (the build id on its last line) — V8 itself
// refuses one made by another Node version or with other flags — which saves most of the parsing and compiling
// at start-up (issue 16); without it, the bundle is compiled as usual.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const file = fileURLToPath(new URL('../lib/bundle/cli.cjs', import.meta.url));
const source = readFileSync(file, 'utf8');
const mark = '\n//# ajar-build ';
const id = source.slice(source.lastIndexOf(mark) + mark.length).trim();
let cachedData;
try {
  const cache = readFileSync(file.replace(/\.cjs$/, '.cache'));
  if (cache.toString('latin1', 0, id.length) === id) cachedData = cache.subarray(id.length);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __ajarImport) { ${source}\n});`, { filename: file, cachedData });
const cli = { exports: {} };
// The bundle's import() calls (external packages: sharp, archiver, xmllint-wasm) are made from here.
script.runInThisContext().call(cli.exports, cli.exports, createRequire(file), cli, file, path.dirname(file), (specifier) => import(specifier));

process.exitCode = await cli.exports.main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
