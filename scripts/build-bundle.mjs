// Bundles ajar's Node code with esbuild into lib/bundle/ (issue 16: `ajar check` starts in a few times a bare
// `node -e 0`). Loading hundreds of small ES modules from node_modules cost more than checking a small course,
// and parsing and compiling what is loaded most of the rest. So:
//
// - cli.cjs: the CLI, every command and stage, in one CommonJS file. A module reached only through an
//   `import()` (each command, the later stages) is evaluated only when that import runs, so `ajar check`
//   evaluates no render, package, verify, media or publish code (esbuild wraps such modules lazily).
// - cli.cache: V8's code cache of cli.cjs, made here by running `ajar check` on the example course, so that
//   bin/ajar.js compiles nothing it already compiled then. It belongs to that one cli.cjs (the build id on its
//   last line opens the cache) and to this Node: V8 refuses it under another version or flags, and bin/ajar.js
//   then compiles as usual.
// - worker.js: the load pool's worker thread (an ES module, found beside the CLI by src/load/pool.ts).
//
// tsc still type-checks and emits lib/ module by module (tests and bench/ import single modules); this runs
// after it, and after scripts/build-validators.mjs, whose generated validators the bundle takes in place of
// src/source/precompiled-validators.ts (the empty stub).
//
// Left outside the bundle, loaded from node_modules as before: packages with native code or that read their
// own files at run time (sharp, xmllint-wasm's .wasm, bullmq's Lua scripts, scorm-again's browser builds),
// the large ones only later stages load (the AWS SDK, archiver, fluent-ffmpeg, tus, Redis), and ajv (only its
// small runtime helpers are needed, by the generated validators).
//
// Every bundled module ends with `globalThis.__ajarTrace?.(<its path>)`: nothing unless a test defines that
// function, to see which modules a command really evaluated (test/cli/check-startup.test.ts).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

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
    b.onLoad({ filter: /.*/, namespace: 'ajar-stub' }, () => ({ contents: JS_YAML_STUB + '\nglobalThis.__ajarTrace?.("stub:js-yaml");', loader: 'js' }));
  },
});

/** The path a module is traced by: `src/load/index.ts`, `node_modules/micromark/index.js`. */
const traceName = (file) => {
  const relative = path.relative(root, file).split(path.sep).join('/');
  return relative.replace(/^.*?\/?node_modules\//, 'node_modules/');
};

const trace = {
  name: 'ajar-trace',
  setup(b) {
    b.onLoad({ filter: /\.(ts|js|mjs|cjs)$/ }, (args) => {
      const loader = args.path.endsWith('.ts') ? 'ts' : 'js';
      const contents = readFileSync(args.path, 'utf8');
      return { contents: `${contents}\n;globalThis.__ajarTrace?.(${JSON.stringify(traceName(args.path))});\n`, loader, resolveDir: path.dirname(args.path) };
    });
  },
};

const BUILD_ID_MARK = '\n//# ajar-build ';

export async function bundle({ lib = path.join(root, 'lib'), course = path.join(root, 'examples/moderasi-beragama') } = {}) {
  const out = path.join(lib, 'bundle');
  const temp = `${out}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  const common = {
    absWorkingDir: root,
    outdir: temp,
    bundle: true,
    platform: 'node',
    target: 'node20',
    external,
    // Names kept (stack traces of --debug stay readable); minified identifiers made no measurable difference.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
    plugins: [ajarResolutions(lib), trace],
  };
  await build({
    ...common,
    entryPoints: { cli: path.join(root, 'src/cli/main.ts') },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    // A CommonJS file has no import.meta: each lookup of ajar's own files reads the bundle's URL instead.
    define: { 'import.meta.url': '__ajarModuleUrl' },
    banner: { js: "const __ajarModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  await build({
    ...common,
    entryPoints: { worker: path.join(root, 'src/load/worker.ts') },
    format: 'esm',
    // Bundled CommonJS packages call require() for Node's built-ins: give the ES module one.
    banner: { js: "import { createRequire as __ajarCreateRequire } from 'node:module'; const require = __ajarCreateRequire(import.meta.url);" },
  });
  const cli = path.join(temp, 'cli.cjs');
  // The CLI's few import() calls load external packages. Compiled from a code cache, a script cannot import()
  // (in Node 20 the callback does not survive the cache): bin/ajar.js hands the bundle its own import instead.
  const code = readFileSync(cli, 'utf8').replace(/(?<![\w$.])import\((?=["'])/g, '__ajarImport(');
  const left = /(?<![\w$.])import\s*\(/.exec(code);
  if (left) throw new Error(`lib/bundle/cli.cjs: an import() bin/ajar.js cannot serve: …${code.slice(left.index - 40, left.index + 40)}…`);
  const id = createHash('sha256').update(code).digest('hex');
  writeFileSync(cli, `${code}${BUILD_ID_MARK}${id}\n`);
  // The code cache is made by running the bundle in a child: a plain `node`, as bin/ajar.js will run.
  let cached = false;
  if (course) {
    const made = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--code-cache', cli, path.join(out, 'cli.cjs'), course], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    cached = made.status === 0 && cacheAccepted(cli);
    if (!cached) rmSync(path.join(temp, 'cli.cache'), { force: true });
    if (!cached) console.warn(`ajar: no usable code cache for lib/bundle/cli.cjs (start-up is slower): ${made.stderr.trim().split('\n').at(-1) || 'refused by V8'}`);
  }
  // Replaced whole, so a CLI test running during a build sees the old bundle or the new one, never a mix.
  rmSync(out, { recursive: true, force: true });
  renameSync(temp, out);
  return { cached };
}

/**
 * Runs `ajar check` twice on a copy of the course (every file parsed, then from the build cache) with cli.cjs
 * compiled exactly as bin/ajar.js compiles it, and writes V8's code cache of everything that ran: the build
 * id, then the cache.
 */
async function makeCodeCache(cli, final, course) {
  const source = readFileSync(cli, 'utf8');
  const id = source.slice(source.lastIndexOf(BUILD_ID_MARK) + BUILD_ID_MARK.length).trim();
  // Compiled under its final name: the cache keeps the names of the functions' script.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __ajarImport) { ${source}\n});`, { filename: final });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(cli), module, cli, path.dirname(cli), (specifier) => import(specifier));
  const work = mkdtempSync(path.join(os.tmpdir(), 'ajar-code-cache-'));
  try {
    const copy = path.join(work, 'kursus');
    cpSync(course, copy, { recursive: true, filter: (f) => !f.includes(`${path.sep}.ajar`) });
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    const io = { cwd: work, stdout: quiet, stderr: quiet, env: { PATH: process.env.PATH, HOME: work, LANG: 'id_ID.UTF-8' } };
    for (const args of [['check', copy], ['check', copy], ['check', copy, '--format', 'json']]) {
      const code = await module.exports.main(args, io);
      if (code !== 0) throw new Error(`ajar ${args.join(' ')} exited ${code}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // V8 refuses a cache made under other flags, and loading a course changes two (src/load/index.ts): a fresh
  // process, where bin/ajar.js reads the cache, has their defaults.
  v8.setFlagsFromString('--allocation-site-pretenuring');
  v8.setFlagsFromString('--heap-growing-percent=0');
  writeFileSync(cli.replace(/\.cjs$/, '.cache'), Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]));
}

/** Whether a fresh `node` accepts the code cache, compiling cli.cjs exactly as bin/ajar.js does. */
function cacheAccepted(cli) {
  const probe = `
    const { readFileSync } = require('node:fs'); const vm = require('node:vm');
    const file = ${JSON.stringify(cli)}; const source = readFileSync(file, 'utf8');
    const mark = ${JSON.stringify(BUILD_ID_MARK)}; const id = source.slice(source.lastIndexOf(mark) + mark.length).trim();
    const cache = readFileSync(file.replace(/\\.cjs$/, '.cache'));
    const script = new vm.Script(\`(function (exports, require, module, __filename, __dirname, __ajarImport) { \${source}\\n});\`, { filename: file, cachedData: cache.subarray(id.length) });
    process.exit(cache.toString('latin1', 0, id.length) === id && !script.cachedDataRejected ? 0 : 1);`;
  return spawnSync(process.execPath, ['-e', probe], { stdio: 'ignore' }).status === 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2] === '--code-cache') await makeCodeCache(process.argv[3], process.argv[4], process.argv[5]);
  else await bundle();
}
