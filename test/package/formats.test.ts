// The format registry and the stage list: one table of package formats that file names, verify's dispatch and
// ajar.yaml's schema all read, and commands that run a prefix (check) or a selection (preview's plan) of the
// stages without writing anything.

import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatList, packageFamilyOf, packageFileName, parsePackageFileName, PACKAGE_FORMATS } from '../../src/package/index.js';
import { buildConfigSchema } from '../../src/config/schema.js';
import { check, COMMANDS, plan, STAGES } from '../../src/pipeline.js';
import { repoRoot } from '../support/cli.js';

const example = path.join(repoRoot, 'examples/moderasi-beragama');

describe('format registry', () => {
  it('every format has a name, a suffix and a structure file; its file name reads back to the same parts', () => {
    expect(formatList.map((f) => f.id)).toEqual([...PACKAGE_FORMATS]);
    expect(formatList.map((f) => f.structure)).toEqual(['imsmanifest.xml', 'imsmanifest.xml', 'cmi5.xml', 'tincan.xml']);
    for (const f of formatList) {
      const name = packageFileName({ id: 'moderasi-beragama-2024', version: '1.0.0-rc.1' }, f.id);
      expect(name).toBe(`moderasi-beragama-2024-1.0.0-rc.1-${f.suffix}.zip`);
      expect(parsePackageFileName(`dist/${name}`)).toEqual({ courseId: 'moderasi-beragama-2024', version: '1.0.0-rc.1', format: f.id });
    }
    expect(parsePackageFileName('moderasi-beragama-1.0.0-scorm.zip')).toBeUndefined();
  });

  it('ajar.yaml accepts exactly the registry’s formats', () => {
    expect(buildConfigSchema.properties.formats.items.enum).toEqual([...PACKAGE_FORMATS]);
  });

  it('a package is what the file at its root says, SCORM first when there are two', () => {
    expect(packageFamilyOf(['index.html', 'cmi5.xml'])).toBe('cmi5');
    expect(packageFamilyOf(['tincan.xml', 'index.html'])).toBe('xapi');
    expect(packageFamilyOf(['tincan.xml', 'imsmanifest.xml'])).toBe('scorm');
    expect(packageFamilyOf(['kursus/cmi5.xml', 'index.html'])).toBeUndefined();
  });
});

describe('stage list', () => {
  it('each command runs a prefix or a selection of the one list, in its order', () => {
    for (const stages of Object.values(COMMANDS)) {
      const at = stages.map((s) => STAGES.indexOf(s));
      expect(at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1]!))).toBe(true);
    }
    expect(COMMANDS.check).toEqual(STAGES.slice(0, 2));
    expect(COMMANDS.media).toEqual(STAGES.slice(0, 3));
    expect(COMMANDS.build).toEqual([...STAGES]);
  });

  it('check loads and checks the example course, and packages nothing', async () => {
    const r = await check({ dir: example, env: {} });
    expect(r.course?.id).toBe('moderasi-beragama-asn');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r).toMatchObject({ media: 'skipped', plans: [], packages: [] });
  });

  it('plan (preview) packages in memory with build’s builders and writes nothing', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'ajar rencana ')), 'dist');
    const r = await plan({ dir: example, env: {}, formats: ['cmi5', 'xapi'], outDir: out });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.plans.map((p) => [p.fileName, p.entries[0]!.path])).toEqual([
      ['moderasi-beragama-asn-1.2.0-cmi5.zip', 'cmi5.xml'],
      ['moderasi-beragama-asn-1.2.0-xapi.zip', 'tincan.xml'],
    ]);
    expect(r.packages).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});
