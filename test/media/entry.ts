// A child process for the tests that must kill one: `node entry.mjs run <json>` runs the media stage on a
// list of sources (events as JSON lines); `node entry.mjs worker <json>` is `ajar worker` with those options.

import { worker } from '../../src/cli/commands/worker.js';
import { runMediaSources } from '../../src/media/run.js';
import { detectLang } from '../../src/diagnostics/lang.js';

const [mode, json] = process.argv.slice(2);
const options = JSON.parse(json ?? '{}');
if (mode === 'run') {
  const result = await runMediaSources(options.sources, options.settings, {
    courseDir: options.courseDir,
    onProgress: (e) => process.stdout.write(JSON.stringify(e) + '\n'),
  });
  process.stdout.write(JSON.stringify({ type: 'result', made: result.made }) + '\n');
} else if (mode === 'worker') {
  const ctx = { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, lang: detectLang(process.env), debug: false, quiet: false, color: false, colorOut: false, interactive: false };
  process.exitCode = await worker(ctx, options);
}
