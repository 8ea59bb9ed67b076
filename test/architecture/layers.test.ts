// The layers drawn in src/README.md hold in the code: dependency-cruiser, with the rules of
// .dependency-cruiser.cjs, finds no import cycle and no import against the layers in src/. A second test
// runs the same rules over a small tree that breaks each of them, so this check can fail.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const depcruiseBin = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string; readonly severity: string };
  readonly cycle?: readonly { readonly name: string }[];
}

/** Runs the depcruise command line on `src` of `cwd`, as a developer would, and returns its violations. */
function depcruise(cwd: string): { violations: Violation[]; modules: number } {
  const run = spawnSync(process.execPath, [depcruiseBin, 'src', '--config', config, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  if (!run.stdout.startsWith('{')) throw new Error(`depcruise printed no result (exit ${run.status}):\n${run.stderr}`);
  const result = JSON.parse(run.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: result.summary.violations, modules: result.summary.totalCruised };
}

/** One line per violation, the way a developer reads it: rule, importer → imported (and the cycle). */
function describeViolation(v: Violation): string {
  const cycle = v.cycle?.length ? `  (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')})` : '';
  return `${v.rule.name}: ${v.from} → ${v.to}${cycle}`;
}

describe('the layers of src/README.md', () => {
  it('hold in src/: no import cycle, no upward import, core and the player stay browser-safe, stages used through their faces', () => {
    const { violations, modules } = depcruise(root);
    expect(modules).toBeGreaterThan(150);
    expect(violations.map(describeViolation)).toEqual([]);
  });
});

describe('the layer check', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'ajar-layers-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    writeFileSync(path.join(work, file), text);
  };

  it('fails on a cycle, an upward import, Node in core or the player, the player imported by Node, and a stage bypassing a face', () => {
    write('tsconfig.test.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src/**/*.ts'] }));
    // core reads a file (Node in the browser bundle) and imports a stage.
    write('src/core/skor.ts', "import { readFileSync } from 'node:fs';\nimport { muatKursus } from '../load/index.js';\nexport const skor = () => readFileSync.length + muatKursus();\n");
    // load (an early stage) imports check (a later one).
    write('src/load/index.ts', "import { periksa } from '../check/index.js';\nexport const muatKursus = () => periksa();\n");
    write('src/check/index.ts', 'export const periksa = () => 1;\n');
    // Two media modules import each other.
    write('src/media/antrian.ts', "import { jalankan } from './jalankan.js';\nexport const antrian = () => jalankan;\n");
    write('src/media/jalankan.ts', "import { antrian } from './antrian.js';\nexport const jalankan = () => antrian;\n");
    write('src/media/index.ts', "export { jalankan } from './jalankan.js';\n");
    // render (Node) imports the browser player; the player imports a Node stage.
    write('src/render/index.ts', "import { mulai } from '../player/app.js';\nexport const render = () => mulai();\n");
    write('src/player/app.ts', "import { periksa } from '../check/index.js';\nexport const mulai = () => periksa();\n");
    // The CLI reaches into media's inner module instead of its face.
    write('src/cli/main.ts', "import { antrian } from '../media/antrian.js';\nexport const main = () => antrian();\n");

    const found = depcruise(work).violations.map(describeViolation);
    const expected = [
      'core-imports-only-core: src/core/skor.ts → fs',
      'player-no-node-builtins: src/core/skor.ts → fs',
      'core-imports-only-core: src/core/skor.ts → src/load/index.ts',
      'stage-order-load: src/load/index.ts → src/check/index.ts',
      'nothing-imports-player: src/render/index.ts → src/player/app.ts',
      'player-imports-only-core: src/player/app.ts → src/check/index.ts',
      'cli-and-pipeline-use-stage-faces: src/cli/main.ts → src/media/antrian.ts',
    ];
    for (const line of expected) expect(found).toContain(line);
    expect(found.some((line) => line.startsWith('no-circular: src/media/antrian.ts → src/media/jalankan.ts'))).toBe(true);
  });
});
