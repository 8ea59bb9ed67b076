// Preloaded with `node --import` by check-startup.test.ts: records the URL of every module the process loads
// (ES modules and the CommonJS entry points they import, through a loader hook; every CommonJS module,
// through require's cache) and writes them, one per line, to the file named by AJAR_LOADED_MODULES when the
// process exits.
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const urls = new Set();
port1.on('message', (url) => urls.add(url));
port1.unref();
const hooks = 'let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }';
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });
process.on('exit', () => {
  const out = process.env.AJAR_LOADED_MODULES;
  for (const file of Object.keys(createRequire(import.meta.url).cache)) urls.add(pathToFileURL(file).href);
  if (out) writeFileSync(out, [...urls].join('\n'));
});
