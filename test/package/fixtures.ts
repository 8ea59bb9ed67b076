// A small realistic course and a hand-made site for packaging tests (renderSite is exercised in build tests).

import type { Course } from '../../src/core/model/course.js';
import type { PackageSite } from '../../src/package/index.js';

export function makeCourse(overrides: Partial<Course> = {}): Course {
  return {
    id: 'moderasi-beragama',
    title: 'Moderasi Beragama bagi ASN — “Harmoni” & Toleransi <Dasar>',
    description: 'Pelatihan dasar moderasi beragama untuk aparatur sipil negara.',
    language: 'id',
    version: '1.2.0',
    jp: 12,
    competencies: ['Wawasan kebangsaan'],
    authors: [{ name: 'Siti Rahmawati', role: 'widyaiswara' }],
    institution: 'Pusdiklat Tenaga Administrasi',
    passingGrade: 75,
    completion: 'all-and-pass',
    gating: { sequential: true, allowSeek: false, allowSpeedUp: false },
    modules: [],
    banks: [],
    source: { file: 'syllabus.md', position: { start: { line: 1, column: 1 }, end: { line: 9, column: 4 } } },
    ...overrides,
  };
}

export function makeSite(overrides: Partial<PackageSite> = {}): PackageSite {
  return {
    launch: 'index.html',
    maxStateChars: 1800,
    files: [
      { path: 'index.html', data: '<!doctype html><html lang="id"><title>Moderasi Beragama</title><script src="ajar/player.js"></script></html>' },
      { path: 'ajar/player.js', data: 'console.log("pemutar");'.repeat(200) },
      { path: 'ajar/player.css', data: 'body{font-family:system-ui}' },
      { path: 'ajar/course.json', data: JSON.stringify({ judul: 'Moderasi Beragama', bab: ['Pengantar', 'Nilai-nilai'] }) },
      { path: 'materi/modul 1/gambar peta.png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5, 6, 7, 8]) },
      { path: 'materi/نص عربي.html', data: '<p dir="rtl">بِسْمِ اللَّهِ</p>' },
      { path: 'materi/slide & catatan.pdf', data: '%PDF-1.4 contoh' },
    ],
    ...overrides,
  };
}
