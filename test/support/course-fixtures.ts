// Course objects built in code for player and render tests: a small but realistic Indonesian course
// (Arabic script in a reading, a rencana tindak lanjut assignment, pre/post tests drawn from a bank).

import type { Course, Gating, Item, Module } from '../../src/core/model/course.js';
import type { Question, QuizSettings, ChoiceQuestion } from '../../src/core/model/questions.js';

const src = (file: string, line = 1) => ({ file, position: { start: { line, column: 1 } } });
const base = (id: string, text: string, file: string) => ({
  id,
  name: text.slice(0, 40),
  html: `<p dir="auto">${text}</p>`,
  text,
  points: 1,
  feedback: {},
  source: src(file),
});

export const BANK = 'bank/moderasi.md';

export function bankQuestions(): Question[] {
  const f = BANK;
  return [
    {
      ...base('q-nilai', 'Manakah yang termasuk indikator moderasi beragama?', f),
      type: 'single',
      tags: ['post'],
      choices: [
        { id: 'a', html: 'Komitmen kebangsaan', weight: 1, feedback: 'Tepat.' },
        { id: 'b', html: 'Fanatisme kelompok', weight: 0 },
        { id: 'c', html: 'Intoleransi', weight: 0 },
      ],
    } satisfies ChoiceQuestion,
    {
      ...base('q-sikap', 'Pilih semua sikap yang mencerminkan toleransi.', f),
      type: 'multiple',
      tags: ['post'],
      choices: [
        { id: 'a', html: 'Menghormati ibadah umat lain', weight: 0.5 },
        { id: 'b', html: 'Memaksakan pendapat', weight: -0.5 },
        { id: 'c', html: 'Berdialog dengan tetangga berbeda agama', weight: 0.5 },
        { id: 'd', html: 'Semua benar', weight: -0.5, fixed: true },
      ],
    } satisfies ChoiceQuestion,
    {
      ...base('q-benar', 'Moderasi beragama berarti memoderasi agama itu sendiri.', f),
      type: 'truefalse',
      tags: ['post'],
      answer: false,
    },
    {
      ...base('q-ibukota', 'Di kota manakah Kementerian Agama berkantor pusat?', f),
      type: 'short',
      tags: ['post'],
      answers: [
        { text: 'Jakarta', weight: 1 },
        { text: 'DKI Jakarta', weight: 1 },
      ],
      caseSensitive: false,
      normalizeSpace: true,
    },
    {
      ...base('q-angka', 'Berapa jumlah indikator moderasi beragama menurut Kementerian Agama?', f),
      type: 'numerical',
      tags: ['post'],
      answers: [{ value: 4, tolerance: 0, weight: 1 }],
    },
    {
      ...base('q-pasang', 'Pasangkan istilah dengan maknanya.', f),
      type: 'matching',
      tags: ['post'],
      pairs: [
        { id: '1', prompt: 'Tawasuth', answer: 'Mengambil jalan tengah' },
        { id: '2', prompt: 'Tasamuh', answer: 'Toleransi' },
      ],
      distractors: ['Kekerasan'],
      targets: [
        { id: 'a', html: 'Toleransi' },
        { id: 'b', html: 'Kekerasan' },
        { id: 'c', html: 'Mengambil jalan tengah' },
      ],
      answerOf: { '1': 'c', '2': 'a' },
    },
    {
      ...base('q-urut', 'Urutkan langkah dialog antarumat beragama.', f),
      type: 'ordering',
      tags: ['latihan'],
      items: [
        { id: 'c', html: 'Saling mengenal' },
        { id: 'a', html: 'Saling memahami' },
        { id: 'b', html: 'Bekerja sama' },
      ],
    },
    {
      ...base('q-ayat', 'Tuliskan makna lafaz وَسَطًا dalam satu kata.', f),
      type: 'short',
      tags: ['latihan'],
      answers: [{ text: 'pertengahan', weight: 1 }],
      caseSensitive: false,
      normalizeSpace: true,
    },
    {
      ...base('q-esai', 'Jelaskan satu pengalaman Anda tentang toleransi di tempat kerja.', f),
      type: 'essay',
      tags: ['latihan'],
      maxLength: 1000,
    },
  ];
}

const settings = (over: Partial<QuizSettings>): QuizSettings => ({
  draws: [],
  shuffleQuestions: true,
  shuffleOptions: true,
  attempts: 3,
  passingGrade: 70,
  feedback: 'after-submit',
  countsTowardScore: true,
  questions: [],
  ...over,
});

export interface FixtureOptions {
  gating?: Partial<Gating>;
  /** Course-relative path of the lesson video, when the lesson has one. */
  video?: string;
  captions?: string;
  postFeedback?: QuizSettings['feedback'];
  postTimeLimit?: number;
}

export function fixtureCourse(o: FixtureOptions = {}): Course {
  const lesson1: Item = {
    kind: 'lesson',
    id: 'pembuka',
    title: 'Pengantar Moderasi Beragama',
    link: src('modul-1/01-pembuka.md'),
    file: 'modul-1/01-pembuka.md',
    duration: 5,
    media: o.video
      ? {
          video: {
            path: o.video,
            source: src('modul-1/01-pembuka.md', 3),
            captions: o.captions ? [{ path: o.captions, lang: 'id', label: 'Bahasa Indonesia', source: src('modul-1/01-pembuka.md', 4) }] : [],
          },
        }
      : {},
    html: '<h2 id="user-content-tujuan">Tujuan</h2><p dir="auto">Peserta memahami empat indikator moderasi beragama.</p>',
    dir: 'auto',
    assets: [],
  };
  const pre: Item = {
    kind: 'quiz',
    id: 'pre-test',
    title: 'Pre-test',
    link: src('modul-1/02-pre-test.md'),
    file: 'modul-1/02-pre-test.md',
    role: 'pre',
    html: '<p dir="auto">Kerjakan untuk mengukur pemahaman awal.</p>',
    settings: settings({ draws: [{ bank: BANK, tags: ['post'], count: 2, source: src('modul-1/02-pre-test.md', 5) }], countsTowardScore: false, attempts: 1, feedback: 'never' }),
  };
  const lesson2: Item = {
    kind: 'lesson',
    id: 'wasathiyah',
    title: 'Makna Wasathiyah',
    link: src('modul-2/01-wasathiyah.md'),
    file: 'modul-2/01-wasathiyah.md',
    media: {},
    html: '<p dir="auto">Allah berfirman:</p><p dir="auto">وَكَذَٰلِكَ جَعَلْنَاكُمْ أُمَّةً وَسَطًا</p><p dir="auto">Artinya: umat pertengahan.</p>',
    dir: 'auto',
    assets: [],
  };
  const rtl: Item = {
    kind: 'assignment',
    id: 'rtl',
    title: 'Rencana Tindak Lanjut',
    link: src('modul-2/02-rtl.md'),
    file: 'modul-2/02-rtl.md',
    html: '<p dir="auto">Tuliskan rencana tindak lanjut penerapan moderasi beragama di unit kerja Anda.</p>',
    minLength: 50,
    maxLength: 2000,
    purpose: 'rtl',
  };
  const latihan: Item = {
    kind: 'quiz',
    id: 'latihan',
    title: 'Latihan',
    link: src('modul-2/03-latihan.md'),
    file: 'modul-2/03-latihan.md',
    role: 'practice',
    html: '<p dir="auto">Latihan mandiri.</p>',
    settings: settings({ draws: [{ bank: BANK, tags: ['latihan'], source: src('modul-2/03-latihan.md', 5) }], countsTowardScore: false, attempts: 0, feedback: 'immediate', shuffleQuestions: false }),
  };
  const post: Item = {
    kind: 'quiz',
    id: 'post-test',
    title: 'Post-test',
    link: src('modul-3/01-post-test.md'),
    file: 'modul-3/01-post-test.md',
    role: 'post',
    html: '<p dir="auto">Nilai lulus 70.</p>',
    settings: settings({
      draws: [{ bank: BANK, tags: ['post'], count: 4, source: src('modul-3/01-post-test.md', 5) }],
      feedback: o.postFeedback ?? 'after-submit',
      ...(o.postTimeLimit ? { timeLimit: o.postTimeLimit } : {}),
    }),
  };
  const forum: Item = { kind: 'activity', id: 'forum', title: 'Forum diskusi', link: src('modul-3/forum.md'), url: 'https://lms.example.go.id/forum/12', activity: 'forum' };
  const modules: Module[] = [
    { id: 'modul-1', title: 'Pendahuluan', group: { id: 'pengantar', title: 'Kelompok Pengantar' }, items: [lesson1, pre], source: src('syllabus.md', 3) },
    { id: 'modul-2', title: 'Wasathiyah', group: { id: 'inti', title: 'Kelompok Inti' }, items: [lesson2, rtl, latihan], source: src('syllabus.md', 6) },
    { id: 'modul-3', title: 'Evaluasi', items: [post, forum], source: src('syllabus.md', 9) },
  ];
  return {
    id: 'moderasi-beragama',
    title: 'Moderasi Beragama bagi ASN',
    description: 'Pelatihan daring tentang moderasi beragama untuk aparatur sipil negara.',
    language: 'id',
    version: '1.0.0',
    jp: 10,
    competencies: ['Wawasan kebangsaan'],
    authors: [{ name: 'Widyaiswara Ahli Madya' }],
    institution: 'Pusdiklat Tenaga Administrasi',
    passingGrade: 70,
    completion: 'all-and-pass',
    gating: { sequential: true, allowSeek: false, allowSpeedUp: false, ...o.gating },
    modules,
    banks: [{ file: BANK, id: 'moderasi', title: 'Bank soal moderasi', questions: bankQuestions() }],
    source: src('course.yaml'),
  };
}

/**
 * The largest course the player supports in SCORM 1.2: 1,000 lessons in 20 modules (every fifth with a
 * video, captions and an audio track), a 10-question unit quiz per module, a 40-question pre-test and
 * post-test, two assignments; unlimited attempts, time limits and immediate feedback everywhere.
 */
export function largestCourse(): Course {
  const c = fixtureCourse({ video: 'media/video.mp4', captions: 'media/video.id.vtt' });
  const MODULES = 20;
  const LESSONS = 50;
  const questions: Question[] = [];
  for (let i = 0; i < 400; i++) {
    questions.push({
      ...base(`b${i}`, `Soal nomor ${i + 1}`, BANK),
      type: i % 3 === 0 ? 'multiple' : 'single',
      tags: [`m${i % MODULES}`, 'post'],
      choices: ['a', 'b', 'c', 'd', 'e'].map((id, k) => ({ id, html: `Pilihan ${id}`, weight: k === 0 ? 1 : 0 })),
    } as ChoiceQuestion);
  }
  const quiz = (id: string, role: 'pre' | 'post' | 'unit', tags: string[], count: number): Item => ({
    kind: 'quiz',
    id,
    title: id,
    link: src(`${id}.md`),
    file: `${id}.md`,
    role,
    html: '',
    settings: settings({ draws: [{ bank: BANK, tags, count, source: src(`${id}.md`) }], attempts: 0, timeLimit: 60, feedback: 'immediate' }),
  });
  const videoLesson = c.modules[0]!.items[0] as Extract<Item, { kind: 'lesson' }>;
  const readingLesson = c.modules[1]!.items[0] as Extract<Item, { kind: 'lesson' }>;
  const modules: Module[] = [];
  for (let m = 0; m < MODULES; m++) {
    const items: Item[] = [];
    for (let l = 0; l < LESSONS; l++) {
      const model = l % 5 === 0 ? { ...videoLesson, media: { ...videoLesson.media, audio: { path: 'media/audio.mp3', source: src('a.md') } } } : readingLesson;
      items.push({ ...model, id: `m${m}-l${l}`, title: `Materi ${m + 1}.${l + 1}` });
    }
    items.push(quiz(`kuis-${m}`, 'unit', [`m${m}`], 10));
    modules.push({ id: `m${m}`, title: `Modul ${m + 1}`, items, source: src('syllabus.md') });
  }
  modules[0] = { ...modules[0]!, items: [quiz('pre', 'pre', ['post'], 40), ...modules[0]!.items] };
  const rtl = c.modules[1]!.items[1]!;
  const last = MODULES - 1;
  modules[last] = { ...modules[last]!, items: [...modules[last]!.items, rtl, { ...rtl, id: 'rtl-2' }, quiz('post', 'post', ['post'], 40)] };
  return { ...c, modules, banks: [{ file: BANK, id: 'besar', title: 'Bank besar', questions }] };
}
