// Bundles ajar's Node code with esbuild into lib/bundle/ (issue 16: `ajar check` starts in a few times a bare
// `node -e 0`). Loading hundreds of small ES modules from node_modules cost more than checking a small course;
// a bundle is a handful of files. Two entries: `cli.js` (bin/ajar.js) and `worker.js` (the load pool's
// thread, found beside the chunk that starts it); every command's module and every later stage is a chunk
// imported only when a command needs it (code splitting on the CLI's lazy imports), so `ajar check` never
// loads render, package, verify, media or publish.
//
// tsc still type-checks and emits lib/ module by module (tests and bench/ import single modules); this runs
// after it, and after scripts/build-validators.mjs, whose generated validators the bundle takes in place of
// src/source/precompiled-validators.ts (the empty stub).
//
// Left outside the bundle, loaded from node_modules as before: packages with native code or that read their
// own files at run time (sharp, xmllint-wasm's .wasm, bullmq's Lua scripts, scorm-again's browser builds),
// and the large ones only later stages load (the AWS SDK, archiver, fluent-ffmpeg, tus, Redis).
// lib/bundle/inputs.json lists the source modules in each file (test/cli/check-startup.test.ts reads it).
import { build } from 'esbuild';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export const external = [
  'sharp',
  'xmllint-wasm',
  'scorm-again',
  'bullmq',
  'ioredis',
  '@aws-sdk/*',
  'archiver',
  'fluent-ffmpeg',
  'tus-js-client',
  'ajv',
  'ajv-formats',
  'ajv/*',
];

/** gray-matter requires js-yaml (and js-yaml, esprima) for its default YAML engine; ajar gives it its own. */
const JS_YAML_STUB = `const unused = () => { throw new Error('js-yaml is not bundled: ajar parses front matter with the yaml package'); };
module.exports = { safeLoad: unused, safeDump: unused, load: unused, dump: unused };`;

const ajarResolutions = (lib) => ({
  name: 'ajar-resolutions',
  setup(b) {
    // The validators scripts/build-validators.mjs generated, in place of the empty stub.
    b.onResolve({ filter: /\/precompiled-validators\.js$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'source', 'schema-check.ts')) ? { path: path.join(lib, 'source/precompiled-validators.js') } : undefined,
    );
    b.onResolve({ filter: /^js-yaml$/ }, (args) => (args.importer.includes(`${path.sep}gray-matter${path.sep}`) ? { path: 'js-yaml', namespace: 'ajar-stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'ajar-stub' }, () => ({ contents: JS_YAML_STUB, loader: 'js' }));
  },
});

export async function bundle({ lib = path.join(root, 'lib') } = {}) {
  const out = path.join(lib, 'bundle');
  const temp = `${out}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: path.join(root, 'src/cli/main.ts'), worker: path.join(root, 'src/load/worker.ts') },
    outdir: temp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    // Bundled CommonJS packages call require() for Node's built-ins: give ES module chunks one.
    banner: { js: "import { createRequire as __ajarCreateRequire } from 'node:module'; const require = __ajarCreateRequire(import.meta.url);" },
    // Names kept (stack traces of --debug stay readable); identifiers minified made no measurable difference.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    charset: 'utf8',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'warning',
    plugins: [ajarResolutions(lib)],
  });
  const inputs = {};
  for (const [file, meta] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    inputs[path.relative(temp, path.join(root, file))] = Object.keys(meta.inputs)
      .map((input) => input.replace(/^ajar-stub:/, 'stub:'))
      .map((input) => path.relative(root, path.resolve(root, input)).split(path.sep).join('/'))
      .map((input) => input.replace(/^.*?\/?node_modules\//, 'node_modules/'))
      .sort();
  }
  writeFileSync(path.join(temp, 'inputs.json'), JSON.stringify(inputs, null, 1) + '\n');
  // Replaced whole, so a CLI test running during a build sees the old bundle or the new one, never a mix.
  rmSync(out, { recursive: true, force: true });
  mkdirSync(lib, { recursive: true });
  renameSync(temp, out);
  return { files: Object.keys(inputs).length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await bundle();
