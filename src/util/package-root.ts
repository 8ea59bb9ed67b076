// Where ajar's own files are, whichever way its code runs: from src/ (tests), from lib/ as tsc emits it, or
// bundled into lib/bundle/ (the CLI). Lookups relative to a module (`new URL('../../x', import.meta.url)`)
// break when a bundler moves the module; these do not.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** ajar's package root (package.json, templates/, vendor/, lib/player/): the nearest folder above this module with a package.json. */
export function packageRoot(): string {
  if (root) return root;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`ajar's package.json was not found above ${here}`);
  }
}

/** The folder of ajar's code this module runs from: `<root>/src` under tests, `<root>/lib` when built (bundled or not). */
export function codeRoot(): string {
  const relative = path.relative(packageRoot(), fileURLToPath(import.meta.url));
  return path.join(packageRoot(), relative.split(path.sep)[0]!);
}

/** A file or folder of ajar's package, by its path from the package root (`vendor/xsd`, `lib/player`). */
export function packagePath(...segments: string[]): string {
  return path.join(packageRoot(), ...segments);
}
