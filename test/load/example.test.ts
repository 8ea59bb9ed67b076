// The bundled example course loads into the model a learner's player needs.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/load/index.js';
import { checkCourse } from '../../src/check/index.js';
import { toSafeHtml, parseMarkdown } from '../../src/source/markdown.js';
import { repoRoot } from '../support/cli.js';

const example = path.join(repoRoot, 'examples/moderasi-beragama');

describe('the example course', () => {
  it('checks clean and carries the syllabus metadata', async () => {
    const result = await loadCourse(example, {});
    expect(checkCourse(result)).toEqual([]);
    const c = result.course!;
    expect(c).toMatchObject({
      id: 'moderasi-beragama-asn',
      language: 'id',
      version: '1.2.0',
      jp: 10,
      passingGrade: 70,
      completion: 'all-and-pass',
      gating: { sequential: true, allowSeek: false, allowSpeedUp: false },
    });
    expect(c.authors[0]).toEqual({ name: 'Dr. Siti Rahmawati, M.Pd.', role: 'widyaiswara ahli madya' });
  });

  it('reads modules, material groups and items in outline order', async () => {
    const c = (await loadCourse(example, {})).course!;
    expect(c.modules.map((m) => [m.group?.id, m.id])).toEqual([
      ['pengantar', 'orientasi'],
      ['inti', 'modul-1'],
      ['inti', 'modul-2'],
      ['penunjang', 'evaluasi'],
    ]);
    expect(c.modules[0]!.items.map((i) => [i.kind, i.id])).toEqual([
      ['quiz', 'kuis-pre-test'],
      ['lesson', 'materi-00-selamat-datang'],
      ['activity', 'orientasi-forum-perkenalan-peserta'],
    ]);
    const live = c.modules[2]!.items.find((i) => i.kind === 'activity');
    expect(live).toMatchObject({ activity: 'live', url: 'https://zoom.example.go.id/j/81234567890' });
    expect(c.modules[3]!.items.map((i) => i.kind)).toEqual(['quiz', 'assignment']);
  });

  it('resolves media with spaces in their names, captions with their language', async () => {
    const c = (await loadCourse(example, {})).course!;
    const lesson = c.modules[1]!.items[0]!;
    if (lesson.kind !== 'lesson') throw new Error('expected a lesson');
    expect(lesson.media.video?.path).toBe('media/Video Pengertian Moderasi.mp4');
    expect(lesson.media.video?.captions).toEqual([
      expect.objectContaining({ path: 'media/Video Pengertian Moderasi.id.vtt', lang: 'id', label: 'Bahasa Indonesia' }),
    ]);
    expect(lesson.media.audio?.path).toBe('media/audio-pengertian.mp3');
    expect(lesson.media.slides?.path).toBe('media/slide-modul-1.pdf');
    expect(lesson.assets).toEqual(['gambar/jalan-tengah.svg']);
    expect(lesson.html).toContain('<img src="gambar/jalan-tengah.svg" alt="Diagram jalan tengah');
  });

  it('renders the Arabic quotation right to left and keeps links between lessons', async () => {
    const c = (await loadCourse(example, {})).course!;
    const landasan = c.modules[1]!.items[1]!;
    if (landasan.kind !== 'lesson') throw new Error('expected a lesson');
    expect(landasan.html).toMatch(/<div dir="rtl" lang="ar">\s*<p dir="auto">وَكَذَٰلِكَ/);
    expect(landasan.html).toContain('href="materi/01-pengertian.md#yang-dimoderasi-adalah-cara-beragama"');
  });

  it('loads the quizzes and the banks they draw from', async () => {
    const c = (await loadCourse(example, {})).course!;
    expect(c.banks.map((b) => [b.file, b.questions.length])).toEqual([
      ['bank/modul-1.md', 5],
      ['bank/modul-2.md', 5],
    ]);
    const post = c.modules[3]!.items[0]!;
    expect(post).toMatchObject({ kind: 'quiz', role: 'post', settings: { attempts: 2, passingGrade: 70, timeLimit: 30 } });
  });
});

describe('sanitised HTML from Markdown', () => {
  const html = (md: string) => toSafeHtml(parseMarkdown(md));

  it('removes scripts, event handlers and javascript: URLs', () => {
    const out = html('Teks <img src="x.png" alt="x" onerror="curi()"> <a href="javascript:alert(1)">klik</a>\n\n<script>alert(1)</script>\n\n<iframe src="https://contoh.id"></iframe>');
    expect(out).not.toMatch(/script|onerror|javascript:|iframe/i);
    expect(out).toContain('alt="x"');
  });

  it('keeps tables, safe inline HTML and heading anchors that in-page links reach', () => {
    const out = html('## Dasar Hukum\n\nLihat [di atas](#dasar-hukum), H<sub>2</sub>O.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n');
    expect(out).toContain('<h2 id="user-content-dasar-hukum">');
    expect(out).toContain('href="#user-content-dasar-hukum"');
    expect(out).toContain('<sub>2</sub>');
    expect(out).toContain('<table>');
  });

  it('opens external links in a new tab without an opener', () => {
    expect(html('[Kemenag](https://kemenag.go.id)')).toContain('rel="noopener noreferrer" target="_blank"');
  });
});
