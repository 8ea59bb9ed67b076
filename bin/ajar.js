#!/usr/bin/env node
// Thin entry: all wiring lives in src/cli (bundled into lib/bundle/ by scripts/build.mjs); only this file sets
// the exit code.
import { main } from '../lib/bundle/cli.js';

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
