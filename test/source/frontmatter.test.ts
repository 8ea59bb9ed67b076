// Front matter of a few `key: value` lines is read without building a YAML document (the common case on a
// large course). Whatever way it is read, the data and every position a diagnostic can ask for must be the
// ones `yaml` itself gives: this compares the two on every front matter of the example course and the
// fixtures, and on lines that only look flat.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import matter from 'gray-matter';
import { parseFrontMatter, splitFrontMatter } from '../../src/source/frontmatter.js';
import { parseYaml } from '../../src/util/yaml.js';
import { markdownFiles } from '../support/tree.js';

const repo = path.resolve(import.meta.dirname, '../..');

/** The front matter text of a file (after the opening `---`, up to the closing one), or undefined. */
function frontMatterOf(text: string): string | undefined {
  const m = /^---(\n[\s\S]*?)\n---(?:\n|$)/.exec(text);
  return m?.[1];
}

const tricky = [
  'title: Materi 1\nduration: 15\nslides: ../media/slide.pdf',
  'title: Pengantar Moderasi Beragama\nvideo: ./video/pembuka.mp4',
  'title: true',
  'title: Null',
  'title: FALSE',
  'duration: 015',
  'duration: 0',
  'duration: 1.5',
  'duration: 0x1F',
  'duration: 0o17',
  'duration: 1e3',
  'duration: -5',
  'duration: +5',
  'duration: 123456789012345678901',
  'x: ~',
  'x: .inf',
  'x: .NaN',
  'x: .hidden',
  'x: ../../di/luar.pdf',
  'title: Materi 1: Dasar',
  'title: Materi # bukan komentar',
  'title: Materi #komentar',
  'title:  dua spasi',
  'title: spasi di akhir ',
  'title: a  b',
  'title: Modul 1 - Pengantar (bagian 2), edisi_baru +',
  'title: Ünïcode ملف الدرس',
  "title: 'dikutip'",
  'title: "dikutip"',
  "title: Jum'at",
  'k: v\nk: w',
  'tags: [a, b]',
  'true: x',
  'Null: x',
  '__proto__: x',
  'a-b: c\n_x: y',
  'title: x\n\nduration: 3',
  'title: x\n  \nduration: 3',
  'title:\n  nested: 1',
  'title: x\n  lanjutan baris',
  'title: x\n# komentar\nduration: 2',
  '%YAML 1.1',
  'title: x\n...',
  'title: x\tdengan tab',
  'type: quiz\ntitle: Kuis 1\nrole: unit\ndraw:\n  - bank: ../bank/modul-1.md\n    count: 3',
  'title: x\r\nduration: 3',
  'title: &a x\ncopy: *a',
  'title: !!str 12',
  'judul: Materi 1\ntype: lesson\nmin_length: 20',
];

function sources(): string[] {
  const files = [...markdownFiles(path.join(repo, 'examples')), ...markdownFiles(path.join(repo, 'test/fixtures'))];
  const found = files.map((f) => frontMatterOf(readFileSync(f, 'utf8').replace(/\r\n?/g, '\n'))).filter((s): s is string => s !== undefined);
  return [...found, ...tricky.map((t) => `\n${t}`)];
}

describe('front matter', () => {
  const all = sources();

  it('has a corpus that includes flat and nested front matter', () => {
    expect(all.length).toBeGreaterThan(60);
    expect(all.some((s) => /\n {2}/.test(s))).toBe(true);
  });

  it.each(all.map((s) => [s.slice(1, 60).replace(/\n/g, '⏎'), s]))('reads %s as yaml does, with the same positions', (_name, source) => {
    const text = `---${source}\n---\n\n# Isi\n`;
    const fm = parseFrontMatter({ path: 'materi/a.md', text });
    const y = parseYaml(source);
    const error = y.doc.errors[0];
    if (error) {
      expect(fm.yamlError?.message).toBe(error.message.split('\n')[0]);
      expect(fm.yamlError?.position).toEqual(y.errorPosition(error));
      return;
    }
    const data = y.doc.toJS({ maxAliasCount: 50 }) as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data)) expect(fm.data).toEqual(data);
    // Every path a diagnostic may locate: each key and its value, a level below it, the whole, a missing key.
    const keys = data && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data) : [];
    const paths: (string | number)[][] = [[], ['tidak-ada'], ...keys.flatMap((k) => [[k], [k, 0], [k, 'src'], [k, 'tidak-ada', 1]])];
    for (const p of paths) {
      expect(fm.locate(p), JSON.stringify(p)).toEqual(y.locate(p));
      expect(fm.locate(p, true), `${JSON.stringify(p)} key`).toEqual(y.locate(p, true));
    }
  });
});

describe('the front matter split', () => {
  const files = [...markdownFiles(path.join(repo, 'examples')), ...markdownFiles(path.join(repo, 'test/fixtures'))];
  const texts = [
    ...files.map((f) => readFileSync(f, 'utf8')),
    '',
    '---',
    '---\n',
    '---\n---\n',
    '---\ntitle: a\n---',
    '---\ntitle: a\n---\n\n# Isi',
    '---\r\ntitle: a\r\n---\r\n\r\n# Isi',
    '----\ntitle: a\n----\n',
    '---yaml\ntitle: a\n---\nisi',
    '---json\n{"title": "a"}\n---\nisi',
    '--- \ntitle: a\n---\nisi',
    '---title: a',
    '\uFEFF---\ntitle: a\n---\nisi',
    '# Judul\n\n---\ntitle: a\n---\n',
    '---\ntitle: a\n--- \nisi',
    '---\ntitle: a\n---isi\n',
    '---\n# komentar saja\n---\nisi',
    '---\ntitle: a\n',
    '---kursus\ntitle: a\n---\nisi',
  ];
  // gray-matter's split with its parsers replaced by nothing (how ajar called it).
  const none = { parse: () => ({}), stringify: () => '' };
  const grayMatter = (text: string) => matter(text, { engines: { yaml: none, json: none, js: none, javascript: none, yml: none } } as never);

  it.each(texts.map((t) => [JSON.stringify(t.slice(0, 40)), t]))('splits %s where gray-matter did', (_name, text) => {
    const mine = splitFrontMatter(text);
    let theirs: ReturnType<typeof grayMatter>;
    try {
      theirs = grayMatter(text);
    } catch (error) {
      // An unknown language after `---` made gray-matter throw (the file could not be read at all); the split
      // goes on, and the YAML parser reports what it finds.
      expect(String(error)).toMatch(/engine .* is not registered/);
      return;
    }
    expect(mine.content).toBe(theirs.content);
    expect(mine.matter).toBe((theirs as { matter?: string }).matter);
  });

  it.each(['__proto__', 'constructor', 'coffee', 'toString'])('reads front matter after `---%s` as YAML, without a parser of that name', (word) => {
    const fm = parseFrontMatter({ path: 'materi/a.md', text: `---${word}\ntitle: Moderasi beragama\n---\n\n# Materi\n` });
    expect(fm.hasFrontMatter).toBe(true);
    expect(fm.data).toEqual({ title: 'Moderasi beragama' });
    expect(fm.body).toBe('\n\n\n\n# Materi\n');
  });

  it('never runs front matter written as code (gray-matter handed ---js to eval)', () => {
    const g = globalThis as { ajarFrontMatterRan?: boolean };
    delete g.ajarFrontMatterRan;
    const fm = parseFrontMatter({ path: 'materi/a.md', text: '---js\nglobalThis.ajarFrontMatterRan = true\n---\n\n# Materi\n' });
    expect(g.ajarFrontMatterRan).toBeUndefined();
    // It is read as what it is: front matter that is not YAML key/value pairs.
    expect(fm.hasFrontMatter).toBe(true);
    expect(fm.yamlError).toBeDefined();
    expect(fm.body).toBe('\n\n\n\n# Materi\n');
  });
});
