// cmi5.xml and tincan.xml from a course on disk: valid against the official cmi5 XSD (xmllint), the
// AUs, moveOn and masteryScore from the course's rules, and byte-identical packages from two builds.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadCourse } from '../../src/load/index.js';
import { renderSite } from '../../src/render/index.js';
import { cmi5Xml, XAPI_JSON } from '../../src/package/cmi5.js';
import { preparePackage } from '../../src/package/formats.js';
import { tincanXml } from '../../src/package/tincan.js';
import { zipBuffer } from '../../src/package/zip.js';
import { cmi5Xsd } from '../support/third-party.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import type { Course } from '../../src/core/model/course.js';
import { writeCourse } from './course.js';

const run = promisify(execFile);
const XSD = cmi5Xsd;

async function xmllint(xml: string): Promise<{ ok: boolean; output: string }> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-cmi5-xml-')), 'cmi5.xml');
  await writeFile(file, xml);
  try {
    const r = await run('xmllint', ['--noout', '--schema', XSD, file]);
    return { ok: true, output: r.stderr };
  } catch (e) {
    return { ok: false, output: String((e as { stderr?: string }).stderr ?? e) };
  }
}

let course: Course;
let dir: string;

beforeAll(async () => {
  await ensurePlayerBundle();
  dir = await writeCourse();
  const loaded = await loadCourse(dir, {});
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  course = loaded.course!;
}, 60_000);

describe('cmi5.xml', () => {
  it('is valid against the cmi5 CourseStructure.xsd with one AU for the course', async () => {
    const site = await renderSite(course, 'cmi5', { courseDir: dir });
    const xml = cmi5Xml(course, site);
    const lint = await xmllint(xml);
    expect(lint.output).toContain('validates');
    expect(lint.ok).toBe(true);
    expect(xml).toContain('<course id="urn:ajar:course:kursus-pratinjau">');
    expect(xml).toContain('<langstring lang="id">Moderasi Beragama — Kursus Singkat</langstring>');
    // all-and-pass with a passing grade of 70 → CompletedAndPassed, masteryScore 0.7
    expect(xml.match(/<au /g)).toHaveLength(1);
    expect(xml).toMatch(/<au id="urn:ajar:course:kursus-pratinjau\/au" moveOn="CompletedAndPassed" masteryScore="0.7" launchMethod="AnyWindow">/);
    expect(xml).toContain('<url>index.html</url>');
    // competencies are course objectives the AU refers to
    expect(xml).toContain('<langstring lang="id">Menerapkan sikap moderat dalam pelayanan publik</langstring>');
    expect(xml).toContain('<objective idref="urn:ajar:course:kursus-pratinjau/competency/2"/>');
  });

  it('has one AU per module when asked, each with its own moveOn, and stays valid', async () => {
    const site = await renderSite(course, 'cmi5', { courseDir: dir });
    const xml = cmi5Xml(course, site, { au: 'module' });
    expect((await xmllint(xml)).ok).toBe(true);
    expect(xml.match(/<au /g)).toHaveLength(2);
    expect(xml).toMatch(/<au id="urn:ajar:course:kursus-pratinjau\/au\/modul-1" moveOn="Completed" launchMethod="AnyWindow">/);
    expect(xml).toMatch(/<au id="urn:ajar:course:kursus-pratinjau\/au\/modul-2" moveOn="CompletedAndPassed" masteryScore="0.7"/);
    expect(xml).toContain('<url>index.html?ajar-au=modul-2</url>');
  });

  it('completion rules map to moveOn; a course without passing has no masteryScore', async () => {
    const site = { launch: 'index.html' };
    expect(cmi5Xml({ ...course, completion: 'pass' }, site)).toContain('moveOn="Passed" masteryScore="0.7"');
    const all = cmi5Xml({ ...course, completion: 'all', passingGrade: 85 }, site);
    expect(all).toContain('moveOn="Completed"');
    expect(all).not.toContain('masteryScore');
    const odd = cmi5Xml({ ...course, passingGrade: 66.66667, title: 'Etika & <Integritas> "ASN"' }, site);
    expect(odd).toContain('masteryScore="0.6667"');
    expect((await xmllint(odd)).ok).toBe(true);
  });

  it('a broken structure is refused by the same check (the test can fail)', async () => {
    const xml = cmi5Xml(course, { launch: 'index.html' }).replace('moveOn="CompletedAndPassed"', 'moveOn="Lulus"');
    expect((await xmllint(xml)).ok).toBe(false);
  });
});

describe('packages', () => {
  it('-cmi5.zip and -xapi.zip are byte-identical across builds and carry the structure at the root', async () => {
    const bytes = async (format: 'cmi5' | 'xapi') => {
      const site = await renderSite(course, format, { courseDir: dir });
      const r = await preparePackage(course, site, format);
      expect(r.diagnostics).toEqual([]);
      return { plan: r.plan!, zip: await zipBuffer(r.plan!.entries) };
    };
    const a = await bytes('cmi5');
    const b = await bytes('cmi5');
    expect(a.plan.fileName).toBe('kursus-pratinjau-1.0.0-cmi5.zip');
    expect(Buffer.compare(a.zip, b.zip)).toBe(0);
    expect(a.plan.entries[0]!.path).toBe('cmi5.xml');
    const identity = JSON.parse(String(a.plan.entries.find((e) => e.path === XAPI_JSON)!.data));
    expect(identity).toEqual({
      iri: 'urn:ajar:course:kursus-pratinjau',
      language: 'id',
      title: 'Moderasi Beragama — Kursus Singkat',
      jp: 2,
      competencies: ['Memahami konsep moderasi beragama', 'Menerapkan sikap moderat dalam pelayanan publik'],
      institution: 'Pusdiklat Tenaga Administrasi',
    });
    const x1 = await bytes('xapi');
    const x2 = await bytes('xapi');
    expect(x1.plan.fileName).toBe('kursus-pratinjau-1.0.0-xapi.zip');
    expect(Buffer.compare(x1.zip, x2.zip)).toBe(0);
    expect(x1.plan.entries[0]!.path).toBe('tincan.xml');
  });

  it('tincan.xml has one launchable course activity and names the lessons and the quiz', async () => {
    const xml = tincanXml(course, { launch: 'index.html' });
    expect(xml.match(/<launch /g)).toHaveLength(1);
    expect(xml).toContain('<activity id="urn:ajar:course:kursus-pratinjau" type="http://adlnet.gov/expapi/activities/course">');
    expect(xml).toContain('<launch lang="id">index.html</launch>');
    expect(xml).toContain('id="urn:ajar:course:kursus-pratinjau/lesson/');
    expect(xml).toContain('type="http://adlnet.gov/expapi/activities/assessment"');
    // well-formed XML (there is no official XSD for tincan.xml)
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-tincan-')), 'tincan.xml');
    await writeFile(file, xml);
    await expect(run('xmllint', ['--noout', file])).resolves.toBeDefined();
  });
});
