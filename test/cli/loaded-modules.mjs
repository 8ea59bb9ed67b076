// Preloaded with `node --import` by check-startup.test.ts: records every module the process evaluates and
// writes them, one per line, to the file named by AJAR_LOADED_MODULES when the process exits. Files Node
// loads — ES modules and the CommonJS entry points they import, through a loader hook; every CommonJS module,
// through require's cache — as file: URLs; modules evaluated inside ajar's bundle (lib/bundle/cli.cjs),
// which calls globalThis.__ajarTrace with each module's path as it evaluates it, as that path
// (`src/load/index.ts`, `node_modules/micromark/index.js`).
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const loaded = new Set();
port1.on('message', (url) => loaded.add(url));
port1.unref();
const hooks = 'let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }';
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });
globalThis.__ajarTrace = (module) => loaded.add(module);
process.on('exit', () => {
  const out = process.env.AJAR_LOADED_MODULES;
  for (const file of Object.keys(createRequire(import.meta.url).cache)) loaded.add(pathToFileURL(file).href);
  if (out) writeFileSync(out, [...loaded].join('\n'));
});
