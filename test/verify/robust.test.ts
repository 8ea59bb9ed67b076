// verify never crashes, hangs or reads local files, whatever the package: 5,000- and 50,000-deep <item> trees,
// 130,000 findings, DOCTYPEs with external (parameter) entities, a bare “&”. And when ajar itself breaks, the
// exit code says so (70), distinct from "bad package" (1) and "bad invocation" (2).

import { afterAll, describe, expect, it, vi } from 'vitest';
import { closeSync, constants, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { groupRepeated, verifyPackage, verifyPackageReport } from '../../src/verify/index.js';
import { goodEntries } from '../fixtures/verify/broken.js';
import { rawZip } from '../fixtures/verify/raw-zip.js';
import { runAjar, spawnAjar } from '../support/cli.js';
import { messageOf } from '../../src/diagnostics/catalog.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar tahan banting '));
let n = 0;
function packageWith(edit: (xml: string) => string, name = `kursus-${++n}-scorm12.zip`): string {
  const file = path.join(dir, name);
  writeFileSync(file, rawZip(goodEntries('scorm12', edit)));
  return file;
}

/** The single <item> of ajar's manifest wrapped in `depth` - 1 parent items. */
function nested(depth: number) {
  return (xml: string) =>
    xml.replace(/(<item [^>]*>[\s\S]*?<\/item>)/, (item) => {
      const open = Array.from({ length: depth - 1 }, (_, i) => `<item identifier="BAB-${i}"><title>Bab ${i}</title>`).join('');
      return open + item + '</item>'.repeat(depth - 1);
    });
}

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('deep nesting', () => {
  for (const depth of [5_000, 50_000]) {
    it(`${depth.toLocaleString('en')}-deep <item> nesting is one located error within seconds`, async () => {
      const file = packageWith(nested(depth));
      const found = await within(10_000, verifyPackage(file));
      const deep = found.filter((d) => d.ruleId === 'manifest-too-deep');
      expect(deep, JSON.stringify(found.slice(0, 5))).toHaveLength(1);
      expect(messageOf(deep[0]!, 'en')).toBe('imsmanifest.xml nests elements more than 256 deep.');
      expect(deep[0]!.position?.start.line).toBeGreaterThan(1);
    });
  }

  it('the CLI exits 1 (a bad package), not 2', () => {
    const file = packageWith(nested(5_000), 'dalam-scorm12.zip');
    const r = spawnAjar(['verify', path.basename(file)], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('manifest-too-deep');
    expect(r.stderr).not.toContain('Maximum call stack');
  });
});

describe('130,000 findings', () => {
  const many = 130_000;
  const file = packageWith((xml) => xml.replace('</resource>', `${Array.from({ length: many }, (_, i) => `<file href="hilang/bagian-${i}.html"/>`).join('\n')}\n</resource>`), 'banyak-temuan-scorm12.zip');

  it('are all reported (no stack overflow from spreading them)', async () => {
    const report = await verifyPackageReport(file);
    expect(report.diagnostics.filter((d) => d.ruleId === 'manifest-file-missing')).toHaveLength(many);
  });

  it('print as a few lines: the first findings of the rule, then one line with the count and examples', async () => {
    const r = await runAjar(['verify', path.basename(file)], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeLessThan(20);
    expect(r.stdout).toContain('130000 manifest-file-missing findings in all: 129997 not shown one by one, such as “hilang/bagian-3.html”, “hilang/bagian-4.html”, “hilang/bagian-5.html”.');
    expect(lines.at(-1)).toBe('✖ 130000 errors, 0 warnings');
  });

  it('the grouped line carries its examples as names, one a field, not a quoted list', async () => {
    const grouped = groupRepeated((await verifyPackageReport(file)).diagnostics).find((d) => d.ruleId === 'findings-repeated')!;
    expect(grouped.data).toEqual({
      rule: 'manifest-file-missing',
      count: 129997,
      total: 130000,
      examples: 3,
      example1: 'hilang/bagian-3.html',
      example2: 'hilang/bagian-4.html',
      example3: 'hilang/bagian-5.html',
    });
    expect(messageOf(grouped, 'id')).toBe('130000 temuan manifest-file-missing: 129997 tidak ditampilkan satu per satu, mis. “hilang/bagian-3.html”, “hilang/bagian-4.html”, “hilang/bagian-5.html”.');
  });
});

describe('DOCTYPE and external entities are never read', () => {
  const fifo = path.join(dir, 'pipa-rahasia');
  execFileSync('mkfifo', [fifo]);
  // Opening a FIFO for reading blocks until a writer comes: if anything opened it, verify would hang here.
  afterAll(() => {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader: nothing opened it.
    }
  });

  const doctypes = {
    'parameter entity': `<!DOCTYPE manifest [\n  <!ENTITY % rahasia SYSTEM "file://${fifo}">\n  %rahasia;\n]>`,
    'external general entity': `<!DOCTYPE manifest [ <!ENTITY rahasia SYSTEM "file:///etc/passwd"> ]>`,
    'external DTD': `<!DOCTYPE manifest SYSTEM "file://${fifo}">`,
  };
  for (const [kind, doctype] of Object.entries(doctypes)) {
    for (const engine of ['xmllint', 'wasm'] as const) {
      it(`${kind} (${engine}): refused with a located error, the file never opened`, async () => {
        const file = packageWith((xml) => xml.replace('?>\n', `?>\n${doctype}\n`).replace('<schema>ADL SCORM</schema>', kind === 'external general entity' ? '<schema>ADL SCORM &rahasia;</schema>' : '<schema>ADL SCORM</schema>'));
        const found = await within(15_000, verifyPackage(file, { engine }));
        const refused = found.find((d) => d.ruleId === 'xml-doctype');
        expect(refused, JSON.stringify(found)).toBeDefined();
        expect(refused!.position?.start).toEqual({ line: 2, column: 1 });
        const text = found.map((d) => messageOf(d, 'en')).join('\n');
        expect(text).not.toContain('root:');
        expect(text).not.toContain('ims_xml.xsd');
      });
    }
  }
});

describe('messages say what is wrong', () => {
  it('a bare “&” is an unescaped ampersand at its own place, not an unclosed tag at the end', async () => {
    const found = await verifyPackage(packageWith((xml) => xml.replace(/<title>[^<]*<\/title>/, '<title>Harmoni & Toleransi</title>')));
    const d = found.find((x) => x.ruleId === 'manifest-not-xml')!;
    expect(messageOf(d, 'en')).toBe('imsmanifest.xml is not well-formed XML: unescaped ampersand (write “&” as “&amp;”)');
    expect(d.position?.start.column).toBeGreaterThan(1);
    // ajar's own finding is a code worded per language; the XML parser's message is data only when it is the parser's.
    expect(d.data).toEqual({ problem: 'ampersand' });
    expect(messageOf(d, 'id')).toBe('imsmanifest.xml bukan XML yang sah: ada “&” tanpa escape (tulis “&” sebagai “&amp;”)');
  });

  it('a parser’s own message stays quoted as it is; ajar’s own depth limit is worded in Indonesian too', async () => {
    const unclosed = (await verifyPackage(packageWith((xml) => xml.replace('</organizations>', '<organization></organizations>')))).find((x) => x.ruleId === 'manifest-not-xml')!;
    expect(Object.keys(unclosed.data ?? {})).toEqual(['detail']);
    expect(messageOf(unclosed, 'id')).toBe(`imsmanifest.xml bukan XML yang sah: ${unclosed.data!.detail}`);
    const file = path.join(dir, 'terlalu-dalam-cmi5.zip');
    const deep = '<a>'.repeat(300) + '</a>'.repeat(300);
    writeFileSync(file, rawZip([{ name: 'cmi5.xml', data: `<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">${deep}</courseStructure>` }, { name: 'index.html', data: '<p>Mulai</p>' }]));
    const d = (await verifyPackage(file)).find((x) => x.ruleId === 'cmi5-not-xml')!;
    expect(d.data).toEqual({ problem: 'too-deep', limit: 256 });
    expect(messageOf(d, 'id')).toBe('cmi5.xml bukan XML yang sah: elemen bersarang lebih dari 256 tingkat');
    expect(messageOf(d, 'en')).toBe('cmi5.xml is not well-formed XML: elements nested more than 256 deep');
  });
});

describe('an internal error is not a usage error', () => {
  it('exits 70 with “Unexpected error”, not 2', async () => {
    vi.resetModules();
    vi.doMock('../../src/verify/index.js', () => ({
      verifyPackageReport: () => {
        throw new Error('kesalahan internal buatan');
      },
    }));
    const { main } = await import('../../src/cli/main.js');
    const file = packageWith((xml) => xml);
    const { PassThrough } = await import('node:stream');
    let stderr = '';
    const err = new PassThrough();
    err.on('data', (c) => (stderr += c));
    const code = await main(['verify', path.basename(file)], { cwd: dir, stdout: new PassThrough(), stderr: err, env: { LANG: 'en_US.UTF-8' } });
    vi.doUnmock('../../src/verify/index.js');
    expect(code).toBe(70);
    expect(stderr).toContain('Unexpected error: kesalahan internal buatan');
  });
});
