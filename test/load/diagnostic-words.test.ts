// Diagnostics of the load stage carry codes and names, never ajar's own sentences: the words come from the
// phrase tables of src/load/rules.ts and src/source/rules.ts, in the reader's language. (These diagnostics
// used to carry English in their data — `reason: 'folder'`, `detail: 'too deeply nested'`, `key: '(front
// matter)'` — which an Indonesian report printed as it was.)

import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/load/index.js';
import { analyse } from '../../src/load/entry.js';
import { messageOf } from '../../src/diagnostics/catalog.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { CourseFs } from '../../src/source/files.js';
import { validateAgainst } from '../../src/source/schema-check.js';
import { courseFolder } from './helpers.js';

const course = (files: Record<string, string>) => courseFolder(files, 'ajar kata ');

/** A course file system whose every read fails with `error`. */
function failingFs(error: Error): CourseFs {
  return { root: '/kursus', read: () => Promise.reject(error), readBytes: () => Promise.reject(error), head: () => Promise.reject(error) };
}
const lessonWithVideo = { path: 'materi/naskah.md', text: '---\ntitle: Tata naskah\nvideo: ../media/surat-dinas.mp4\n---\n\nContoh surat dinas dibahas dalam video.\n' };

const words = (d: Diagnostic) => [d.data, messageOf(d, 'id'), messageOf(d, 'en')];
/** No data value is a sentence: codes, names, numbers and paths only. */
const noSentence = (d: Diagnostic) => Object.values(d.data ?? {}).every((v) => typeof v !== 'string' || !/[a-z]{2,} [a-z]{2,}/i.test(v));

describe('invalid-outline-link says what the link is, in each language', () => {
  it('an anchor, a folder, a PDF and a bank linked from the syllabus', async () => {
    const dir = course({
      'syllabus.md':
        '---\nid: kursus-arsip\ntitle: Kearsipan Dinamis\n---\n\n## Modul 1\n\n- [Tujuan](#tujuan)\n- [Folder materi](materi/)\n- [Slide](slide/kearsipan.pdf)\n- [Bank soal](bank/arsip.md)\n- [Pengantar](materi/pengantar.md)\n',
      'materi/pengantar.md': '---\ntitle: Pengantar\n---\n\nArsip dinamis dipakai langsung dalam kegiatan instansi.\n',
      'slide/kearsipan.pdf': '%PDF-1.4\n',
      'bank/arsip.md': '---\ntype: bank\nid: bank-arsip\ntitle: Bank arsip\n---\n\n## Jenis arsip {id=jenis}\n\nArsip yang dipakai langsung disebut …\n\n- [x] Arsip dinamis\n- [ ] Arsip statis\n',
    });
    const r = await loadCourse(dir, {}, { workers: false });
    const found = r.diagnostics.filter((d) => d.ruleId === 'invalid-outline-link');
    expect(found.every(noSentence)).toBe(true);
    expect(found.map(words)).toEqual([
      [
        { target: '#tujuan', reason: 'anchor' },
        'Silabus menaut ke “#tujuan”, yang bukan materi, kuis, atau tugas (ini jangkar di halaman yang sama).',
        'The syllabus links to “#tujuan”, which is not a lesson, quiz or assignment (it is an anchor on the same page).',
      ],
      [
        { target: 'materi/', reason: 'folder' },
        'Silabus menaut ke “materi/”, yang bukan materi, kuis, atau tugas (ini folder).',
        'The syllabus links to “materi/”, which is not a lesson, quiz or assignment (it is a folder).',
      ],
      [
        { target: 'slide/kearsipan.pdf', reason: 'extension', extension: '.pdf' },
        'Silabus menaut ke “slide/kearsipan.pdf”, yang bukan materi, kuis, atau tugas (ini berkas .pdf).',
        'The syllabus links to “slide/kearsipan.pdf”, which is not a lesson, quiz or assignment (it is a .pdf file).',
      ],
      [
        { target: 'bank/arsip.md', reason: 'file-type', type: 'bank' },
        'Silabus menaut ke “bank/arsip.md”, yang bukan materi, kuis, atau tugas (front matter-nya berisi `type: bank`).',
        'The syllabus links to “bank/arsip.md”, which is not a lesson, quiz or assignment (its front matter says `type: bank`).',
      ],
    ]);
  });
});

describe('source-unreadable', () => {
  it('a file that overflows a parser’s stack carries the code too-deep, worded in each language', async () => {
    const outcome = await analyse('entry', lessonWithVideo, { fs: failingFs(new RangeError('Maximum call stack size exceeded')), inventory: [], numbers: 'id' });
    expect(outcome.diagnostics.map(words)).toEqual([
      [{ problem: 'too-deep' }, 'Berkas ini tidak dapat diproses: strukturnya bersarang terlalu dalam.', 'This file cannot be processed: it is nested too deeply.'],
    ]);
  });

  it('any other failure keeps the error’s own text as a quoted detail', async () => {
    const outcome = await analyse('entry', lessonWithVideo, { fs: failingFs(new Error('EIO: i/o error, read')), inventory: [], numbers: 'id' });
    expect(outcome.diagnostics.map(words)).toEqual([[{ detail: 'EIO: i/o error, read' }, 'Berkas ini tidak dapat diproses: EIO: i/o error, read.', 'This file cannot be processed: EIO: i/o error, read.']]);
  });
});

describe('front matter that is not a mapping', () => {
  it('yaml-syntax carries the code only; the words come from the table', async () => {
    const dir = course({
      'syllabus.md': '---\nid: kursus-arsip\ntitle: Kearsipan Dinamis\n---\n\n## Modul 1\n\n- [Pengantar](materi/pengantar.md)\n',
      'materi/pengantar.md': '---\n- judul: Pengantar\n- durasi: 10\n---\n\nArsip dinamis dipakai langsung dalam kegiatan instansi.\n',
    });
    const r = await loadCourse(dir, {}, { workers: false });
    expect(r.diagnostics.filter((d) => d.ruleId === 'yaml-syntax').map(words)).toEqual([
      [
        { code: 'NOT_A_MAPPING' },
        'Front matter YAML tidak dapat dibaca: isinya bukan daftar `kunci: nilai`.',
        'Front matter YAML cannot be read: it is not a list of `key: value` lines.',
      ],
    ]);
  });

  it('invalid-value about the front matter as a whole names no key', () => {
    const [d] = validateAgainst({ type: 'array' }, {}, 'materi/pengantar.md', () => undefined);
    expect(d!.data?.key).toBe('');
    expect([messageOf(d!, 'id'), messageOf(d!, 'en')]).toEqual([expect.stringMatching(/^Front matter tidak sah: seharusnya /), expect.stringMatching(/^Invalid front matter: expected /)]);
  });
});
