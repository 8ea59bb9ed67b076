// Diagnostics about questions, banks and quizzes (issue 3): what is wrong, and how to fix it.

import { definePhrases, defineRules, say } from '../diagnostics/rules.js';
import type { NumberProblem } from '../core/numbers.js';

const q = (s: string | number | undefined) => `“${s ?? ''}”`;

/** Why an attribute `{…}` is not valid (question-bad-attribute `reason`). */
export const attributeProblems = definePhrases({
  'name-value-expected': { id: () => 'seharusnya nama=nilai', en: () => 'expected name=value' },
  'quote-not-closed': { id: () => 'tanda kutip tidak ditutup', en: () => 'the quote is not closed' },
  'list-not-closed': { id: () => 'daftar tidak ditutup dengan “]”', en: () => 'the list is not closed with “]”' },
  'empty-value': { id: () => 'nilainya kosong', en: () => 'the value is empty' },
  'unknown-attribute': { id: () => 'atribut tidak dikenal', en: () => 'unknown attribute' },
  'unknown-type': { id: () => 'tipe soal tidak dikenal', en: () => 'unknown question type' },
  'number-below': { id: (d) => `seharusnya angka ≥ ${d.min}`, en: (d) => `expected a number ≥ ${d.min}` },
  'weight-range': { id: () => 'seharusnya persen dari -100 sampai 100', en: () => 'expected a percentage from -100 to 100' },
});
export type AttributeProblem = keyof typeof attributeProblems;

/** Why an answer line cannot be read (question-bad-answer `reason`); the number problems come from core/numbers.ts. */
export const answerProblems = definePhrases<NumberProblem | 'true-false-options' | 'pair-syntax'>({
  'range-syntax': { id: () => 'rentang ditulis `min..maks`', en: () => 'a range is written `min..max`' },
  'tolerance-syntax': { id: () => 'toleransi ditulis `nilai ± toleransi`', en: () => 'a tolerance is written `value ± tolerance`' },
  'not-a-number': { id: () => 'bukan angka', en: () => 'not a number' },
  'true-false-options': {
    id: () => 'soal benar/salah memiliki tepat dua pilihan, “Benar” dan “Salah” (atau “True” dan “False”)',
    en: () => 'a true/false question has exactly two options, “Benar” and “Salah” (or “True” and “False”)',
  },
  'pair-syntax': { id: () => 'pasangan ditulis `pernyataan -> jawaban`', en: () => 'a pair is written `prompt -> answer`' },
});
export type AnswerProblem = keyof typeof answerProblems;

/** Why an imported question cannot be read (import-syntax `problem`). */
export const importProblems = definePhrases({
  'unbalanced-braces': { id: () => '“{” tanpa pasangan “}” (atau sebaliknya)', en: () => 'a “{” without its “}” (or the other way round)' },
  'numerical-no-answer': { id: () => 'soal angka tidak memiliki jawaban', en: () => 'a numerical question has no answer' },
  'numerical-bad-answer': { id: (d) => `${q(d.value)} bukan angka, angka:toleransi, atau rentang min..maks`, en: (d) => `${q(d.value)} is not a number, a number:tolerance or a min..max range` },
  'choice-too-few': { id: () => 'soal pilihan ganda membutuhkan sedikitnya dua jawaban', en: () => 'a multiple-choice question needs at least two answers' },
  'matching-too-few': { id: () => 'soal menjodohkan membutuhkan sedikitnya dua pasangan', en: () => 'a matching question needs at least two pairs' },
  'pair-no-arrow': { id: (d) => `${q(d.value)} tidak memiliki “->”: pasangan ditulis “=pernyataan -> jawaban”`, en: (d) => `${q(d.value)} has no “->”: matching pairs are written “=prompt -> answer”` },
  'no-answer-read': { id: () => 'tidak ada jawaban yang dapat dibaca di antara “{” dan “}”', en: () => 'no answer could be read between “{” and “}”' },
  'xml-not-well-formed': { id: (d) => `XML tidak tersusun dengan benar: ${d.error}`, en: (d) => `the XML is not well-formed: ${d.error}` },
  'xml-too-deep': { id: (d) => `XML tidak tersusun dengan benar: elemennya bersarang lebih dari ${d.limit} tingkat`, en: (d) => `the XML is not well-formed: its elements are nested more than ${d.limit} deep` },
  'xml-ampersand': { id: () => 'XML tidak tersusun dengan benar: ada “&” yang tidak ditulis sebagai “&amp;”', en: () => 'the XML is not well-formed: an “&” is not written as “&amp;”' },
  'xml-root': { id: (d) => `elemen akar seharusnya <quiz>, bukan <${d.element}>`, en: (d) => `expected <quiz> as the root element, found <${d.element}>` },
  'not-a-number': { id: (d) => `${q(d.value)} bukan angka`, en: (d) => `${q(d.value)} is not a number` },
  'answer-before-question': { id: () => '“ANSWER:” muncul sebelum soal', en: () => '“ANSWER:” comes before any question' },
  'options-too-few': { id: () => 'soal membutuhkan sedikitnya dua pilihan (A., B., …)', en: () => 'a question needs at least two options (A., B., …)' },
  'answer-not-an-option': { id: (d) => `jawaban ${q(d.value)} tidak ada di antara pilihan`, en: (d) => `the answer ${q(d.value)} is not one of the options` },
  'option-before-question': { id: (d) => `pilihan ${q(d.value)} muncul sebelum soal`, en: (d) => `the option ${q(d.value)} comes before any question` },
  'no-answer-line': { id: () => 'soal tidak memiliki baris “ANSWER: X”', en: () => 'the question has no “ANSWER: X” line' },
});
export type ImportProblem = keyof typeof importProblems;

/** What an import cannot carry over to Markdown (import-lossy `what`). */
export const importLosses = definePhrases({
  'case-duplicate': {
    id: (d) => `jawaban ${q(d.answer)} (sama dengan ${q(d.kept)} bila huruf besar/kecil diabaikan, yang dicocokkan Moodle lebih dahulu; yang dipakai: ${q(d.kept)})`,
    en: (d) => `the answer ${q(d.answer)} (the same as ${q(d.kept)} when case is ignored, which Moodle matches first; kept: ${q(d.kept)})`,
  },
  'moodle-id': {
    id: (d) => `nomor ID ${q(d.value)} (id ajar hanya berisi huruf, angka, “.”, “_”, dan “-”; id baru dibuat dari nama soal)`,
    en: (d) => `the ID number ${q(d.value)} (an ajar id has only letters, digits, “.”, “_” and “-”; a new id is made from the name)`,
  },
  'pluginfile-images': {
    id: () => 'gambar yang tersimpan di Moodle (@@PLUGINFILE@@): GIFT tidak membawa berkasnya; ekspor sebagai Moodle XML',
    en: () => 'images stored in Moodle (@@PLUGINFILE@@): GIFT does not carry the files; export as Moodle XML instead',
  },
  penalty: { id: (d) => `potongan nilai per percobaan ulang (${d.value} %)`, en: (d) => `the penalty per extra try (${d.value} %)` },
  hints: { id: () => 'petunjuk untuk percobaan berikutnya', en: () => 'hints for further tries' },
  'legacy-image': { id: () => 'gambar soal model lama (<image>, Moodle 1.x): tambahkan ke teks soal', en: () => 'the legacy question image (<image>, Moodle 1.x): add it to the question text' },
  units: { id: () => 'satuan', en: () => 'units' },
  'ordering-grading': { id: (d) => `penilaian ${q(d.value)} (ajar memberi nilai per butir yang tepat letaknya)`, en: (d) => `grading ${q(d.value)} (ajar gives a share per item in its place)` },
  attachments: {
    id: (d) => `lampiran berkas (${d.count === -1 ? 'tanpa batas' : d.count}${d.required ? ', wajib' : ''})`,
    en: (d) => `file attachments (${d.count === -1 ? 'unlimited' : d.count}${d.required ? ', required' : ''})`,
  },
  'grader-info': { id: () => 'informasi untuk penilai', en: () => 'the information for graders' },
  'response-template': { id: () => 'templat jawaban', en: () => 'the response template' },
  'question-type': { id: (d) => `tipe soal ${q(d.value)} (dilewati)`, en: (d) => `the question type ${q(d.value)} (skipped)` },
  'embedded-files': {
    id: (d) => `${d.count} berkas tertanam: gunakan -o agar berkas itu ditulis di samping bank`,
    en: (d) => `${d.count} embedded file${d.count === 1 ? '' : 's'}: use -o to write them next to the bank`,
  },
});
export type ImportLoss = keyof typeof importLosses;

/** What an export format cannot hold (export-lossy `what`). */
export const exportLosses = definePhrases({
  'xml-characters': {
    id: (d) => `karakter ${d.chars}, yang tidak dapat dimuat XML (dihilangkan dari berkas),`,
    en: (d) => `the character${d.count === 1 ? '' : 's'} ${d.chars}, which XML cannot hold (left out of the file),`,
  },
  'arrow-in-short': {
    id: () => '“->” dalam jawaban isian (Moodle membacanya sebagai soal menjodohkan; ajar membacanya kembali dengan benar)',
    en: () => '“->” in a short answer (Moodle reads the question as matching; ajar reads it back)',
  },
  points: { id: (d) => `poin (${d.value})`, en: (d) => `points (${d.value})` },
  'fixed-options': { id: () => 'pilihan yang tidak diacak', en: () => 'options fixed in place' },
  'fixed-options-unshuffled': { id: () => 'pilihan yang tidak diacak (seluruh pilihan tidak diacak)', en: () => 'options fixed in place (the options are not shuffled at all instead)' },
  'outcome-feedback': { id: () => 'umpan balik untuk jawaban benar/sebagian/salah', en: () => 'feedback for correct/partly correct/incorrect answers' },
  'description-feedback': { id: () => 'umpan balik umum pada deskripsi', en: () => 'general feedback of a description' },
  'length-limits': { id: () => 'panjang minimum/maksimum', en: () => 'minimum/maximum length' },
  'length-in-characters': { id: () => 'panjang minimum/maksimum dalam karakter (Moodle menghitung kata)', en: () => 'minimum/maximum length in characters (Moodle counts words)' },
  'weight-off-list': { id: (d) => `bobot ${d.value} % (tidak ada di daftar Moodle)`, en: (d) => `weight ${d.value} % (not on Moodle's list)` },
  'case-sensitive': { id: () => 'jawaban peka huruf besar/kecil', en: () => 'case-sensitive answers' },
  'exact-spacing': { id: () => 'spasi persis pada jawaban', en: () => 'exact spacing of answers' },
  'matching-formatting': { id: () => 'format pada jawaban menjodohkan (Moodle hanya menerima teks biasa)', en: () => 'formatting in matching answers (Moodle takes plain text)' },
  'ordering-as-matching': { id: () => 'tipe mengurutkan (ditulis sebagai menjodohkan butir dengan urutan 1, 2, 3 …)', en: () => 'the ordering type (written as matching items to positions 1, 2, 3 …)' },
  'ordering-partial-credit': { id: () => 'nilai sebagian per butir yang tepat letaknya (QTI: semua atau tidak sama sekali)', en: () => 'partial credit per item in place (QTI gives all or nothing)' },
  'answer-feedback': { id: () => 'umpan balik per jawaban isian', en: () => 'feedback on individual typed answers' },
  wildcards: { id: () => 'karakter pengganti (*) pada jawaban', en: () => 'wildcards (*) in accepted answers' },
  'image-files': {
    id: (d) => `${d.count} berkas gambar (GIFT hanya membawa teks; gunakan --formats moodlexml)`,
    en: (d) => `${d.count} image file${d.count === 1 ? '' : 's'} (GIFT carries text only; use --formats moodlexml)`,
  },
});
export type ExportLoss = keyof typeof exportLosses;

/** Why `ajar questions import|export` cannot start (questions-usage `problem`). */
export const usageProblems = definePhrases({
  'file-not-found': { id: (d) => `Berkas ${q(d.file)} tidak ditemukan.`, en: (d) => `File ${q(d.file)} not found.` },
  'not-utf8': { id: (d) => `${q(d.file)} tidak ditulis dalam UTF-8: simpan ulang sebagai UTF-8.`, en: (d) => `${q(d.file)} is not UTF-8 encoded: save it again as UTF-8.` },
  'unknown-format': { id: (d) => `Format ${q(d.format)} tidak dikenal: gunakan ${d.known}.`, en: (d) => `Unknown format ${q(d.format)}: use ${d.known}.` },
  'not-a-bank': { id: (d) => `${q(d.file)} bukan bank soal (front matter “type: bank”).`, en: (d) => `${q(d.file)} is not a question bank (front matter “type: bank”).` },
});
export type UsageProblem = keyof typeof usageProblems;

/** The question a finding is about: its id or name, or the line it starts on when it has neither. */
const which = (d: Readonly<Record<string, string | number>>, lang: 'id' | 'en') =>
  d.id !== undefined && d.id !== '' ? q(d.id) : lang === 'id' ? `di baris ${d.line}` : `at line ${d.line}`;

export const rules = defineRules({
  'question-no-correct': {
    severity: 'error',
    message: {
      id: (d) => `Soal ${q(d.id)} tidak memiliki jawaban benar.`,
      en: (d) => `Question ${q(d.id)} has no correct answer.`,
    },
    hint: {
      id: (d) => (d.kind === 'choice' ? 'Tandai pilihan yang benar dengan `- [x]`.' : 'Beri sedikitnya satu jawaban dengan bobot 100 (tanpa `weight=` berarti 100).'),
      en: (d) => (d.kind === 'choice' ? 'Mark the correct option with `- [x]`.' : 'Give at least one answer a weight of 100 (no `weight=` means 100).'),
    },
  },
  'question-several-correct': {
    severity: 'error',
    message: {
      id: (d) => `Soal pilihan tunggal ${q(d.id)} memiliki ${d.count} pilihan benar.`,
      en: (d) => `Single-choice question ${q(d.id)} has ${d.count} correct options.`,
    },
    hint: {
      id: () => 'Biarkan hanya satu `- [x]`, atau hapus `type=single` agar menjadi soal jawaban ganda (multiple response).',
      en: () => 'Keep only one `- [x]`, or remove `type=single` to make it a multiple-response question.',
    },
  },
  'question-weights': {
    severity: 'error',
    message: {
      id: (d) => `Bobot pilihan benar pada soal ${q(d.id)} berjumlah ${d.sum} %, bukan 100 %.`,
      en: (d) => `The correct options of question ${q(d.id)} add up to ${d.sum} %, not 100 %.`,
    },
    hint: {
      id: () => 'Sesuaikan `weight=` pada pilihan `- [x]` agar jumlahnya 100, atau hapus semuanya agar dibagi rata.',
      en: () => 'Adjust the `weight=` of the `- [x]` options so they add up to 100, or remove them all to split evenly.',
    },
  },
  'question-duplicate-option': {
    severity: 'error',
    message: {
      id: (d) => `Pilihan ${q(d.option)} muncul dua kali pada soal ${q(d.id)}.`,
      en: (d) => `Option ${q(d.option)} appears twice in question ${q(d.id)}.`,
    },
    hint: { id: () => 'Hapus atau ubah salah satunya.', en: () => 'Remove or reword one of them.' },
  },
  'question-duplicate-id': {
    severity: 'error',
    message: {
      id: (d) => `ID soal ${q(d.id)} dipakai lebih dari sekali (juga di ${d.other}).`,
      en: (d) => `Question id ${q(d.id)} is used more than once (also in ${d.other}).`,
    },
    hint: {
      id: () => 'Beri soal ini `id=` yang unik di judulnya, mis. `## Kepanjangan ASN {id=asn-1}`.',
      en: () => 'Give this question a unique `id=` in its heading, e.g. `## ASN acronym {id=asn-1}`.',
    },
  },
  'number-ambiguous': {
    severity: 'warning',
    message: {
      id: (d) => `Angka ${q(d.text)} pada soal ${q(d.id)} dibaca ${d.read} (${d.convention === 'en' ? 'kebiasaan Inggris: “,” pemisah ribuan' : 'kebiasaan Indonesia: “.” pemisah ribuan'}), tetapi bisa juga terbaca ${d.other}.`,
      en: (d) => `Number ${q(d.text)} in question ${q(d.id)} is read as ${d.read} (${d.convention === 'en' ? 'English convention: “,” groups thousands' : 'Indonesian convention: “.” groups thousands'}), but could also be read as ${d.other}.`,
    },
    hint: {
      id: (d) => `Tulis tanpa pemisah ribuan agar hanya bermakna satu: ${q(String(d.read).replace('.', ','))}.`,
      en: (d) => `Write it without a thousands separator so it means one thing only: ${q(d.read)}.`,
    },
  },
  'question-attribute-syntax': {
    severity: 'error',
    message: {
      id: (d) => `Atribut soal ${q(d.written)} tidak dikenali: ajar menulis atribut dengan \`=\`.`,
      en: (d) => `Question attributes ${q(d.written)} are not recognised: ajar writes attributes with \`=\`.`,
    },
    hint: { id: (d) => `Tulis ${q(d.suggested)}.`, en: (d) => `Write ${q(d.suggested)}.` },
  },
  'bank-item-not-question': {
    severity: 'error',
    message: {
      id: (d) => `Bagian ${q(d.name)} di bank soal tidak memiliki daftar jawaban, sehingga terbaca sebagai teks bacaan dan tidak pernah diundi ke kuis.`,
      en: (d) => `Section ${q(d.name)} in the question bank has no answer list, so it reads as a description block that no quiz ever draws.`,
    },
    hint: {
      id: (d) =>
        d.cause === 'list-space'
          ? 'Beri spasi setelah tanda daftar: `- [x] Benar` dan `- [ ] Salah`, bukan `-[x]`.'
          : 'Tambahkan pilihan `- [x]`/`- [ ]`, atau tulis tipenya, mis. `{type=isian}`; teks bacaan ditandai `{type=deskripsi}`.',
      en: (d) =>
        d.cause === 'list-space'
          ? 'Put a space after the list marker: `- [x] True` and `- [ ] False`, not `-[x]`.'
          : 'Add `- [x]`/`- [ ]` options, or write its type, e.g. `{type=short}`; mark reading text `{type=description}`.',
    },
  },
  'question-negative-tolerance': {
    severity: 'error',
    message: {
      id: (d) => `Toleransi ${d.tolerance} pada soal ${q(d.id)} negatif.`,
      en: (d) => `Tolerance ${d.tolerance} in question ${q(d.id)} is negative.`,
    },
    hint: { id: () => 'Tulis toleransi sebagai angka ≥ 0, mis. `- 3,14 ± 0,01`.', en: () => 'Write the tolerance as a number ≥ 0, e.g. `- 3.14 ± 0.01`.' },
  },
  'question-bad-range': {
    severity: 'error',
    message: {
      id: (d) => `Rentang ${d.min}..${d.max} pada soal ${q(d.id)} terbalik.`,
      en: (d) => `Range ${d.min}..${d.max} in question ${q(d.id)} is reversed.`,
    },
    hint: { id: () => 'Tulis batas bawah lebih dulu: `- 1..5`.', en: () => 'Write the lower bound first: `- 1..5`.' },
  },
  'question-matching-pairs': {
    severity: 'error',
    message: {
      id: (d) =>
        d.problem === 'duplicate'
          ? `Pasangan ${q(d.prompt)} muncul dua kali pada soal menjodohkan ${q(d.id)}.`
          : d.problem === 'few'
            ? `Soal menjodohkan ${q(d.id)} memiliki kurang dari dua pasangan.`
            : `Pasangan ${q(d.prompt)} pada soal ${q(d.id)} tidak lengkap (salah satu sisi kosong).`,
      en: (d) =>
        d.problem === 'duplicate'
          ? `Pair ${q(d.prompt)} appears twice in matching question ${q(d.id)}.`
          : d.problem === 'few'
            ? `Matching question ${q(d.id)} has fewer than two pairs.`
            : `Pair ${q(d.prompt)} in question ${q(d.id)} is incomplete (one side is empty).`,
    },
    hint: {
      id: () => 'Tulis setiap pasangan sebagai `- pernyataan -> jawaban`; pengecoh sebagai `- -> jawaban`.',
      en: () => 'Write every pair as `- prompt -> answer`; a distractor as `- -> answer`.',
    },
  },
  'question-empty-stem': {
    severity: 'error',
    message: { id: (d) => `Soal ${q(d.id)} tidak memiliki teks pertanyaan.`, en: (d) => `Question ${q(d.id)} has no question text.` },
    hint: {
      id: () => 'Tulis pertanyaannya di judul `##` atau di paragraf di bawahnya.',
      en: () => 'Write the question in its `##` heading or in a paragraph below it.',
    },
  },
  'question-no-answers': {
    severity: 'error',
    message: {
      id: (d) => `Soal ${q(d.id)} bertipe ${q(d.type)} tetapi tidak memiliki daftar jawaban.`,
      en: (d) => `Question ${q(d.id)} is of type ${q(d.type)} but has no answer list.`,
    },
    hint: {
      id: () => 'Tulis jawabannya sebagai daftar (`- …`) di bawah pertanyaan; lihat docs/questions.md.',
      en: () => 'Write the answers as a list (`- …`) below the question; see docs/questions.md.',
    },
  },
  'question-bad-answer': {
    severity: 'error',
    message: {
      id: (d) => `Jawaban ${q(d.answer)} pada soal ${q(d.id)} tidak dapat dibaca: ${say(answerProblems, d.reason, 'id', d)}.`,
      en: (d) => `Answer ${q(d.answer)} in question ${q(d.id)} cannot be read: ${say(answerProblems, d.reason, 'en', d)}.`,
    },
    hint: {
      id: () => 'Contoh: `- 42`, `- 3,14 ± 0,01`, `- 1..5` (angka); `- Pancasila -> dasar negara` (menjodohkan); `- [x] Benar` / `- [ ] Salah`.',
      en: () => 'Examples: `- 42`, `- 3.14 ± 0.01`, `- 1..5` (numerical); `- Pancasila -> state foundation` (matching); `- [x] True` / `- [ ] False`.',
    },
  },
  'question-bad-attribute': {
    severity: 'error',
    message: {
      id: (d) => `Atribut ${q(d.attribute)} tidak sah: ${say(attributeProblems, d.reason, 'id', d)}.`,
      en: (d) => `Attribute ${q(d.attribute)} is not valid: ${say(attributeProblems, d.reason, 'en', d)}.`,
    },
    hint: {
      id: (d) => (d.suggestion ? `Mungkin maksud Anda ${q(d.suggestion)}?` : `Atribut yang dikenal: ${d.known}.`),
      en: (d) => (d.suggestion ? `Did you mean ${q(d.suggestion)}?` : `Known attributes: ${d.known}.`),
    },
  },
  'question-bad-id': {
    severity: 'error',
    message: { id: (d) => `ID soal ${q(d.id)} tidak sah.`, en: (d) => `Question id ${q(d.id)} is not valid.` },
    hint: {
      id: () => 'Gunakan huruf, angka, “.”, “_” dan “-”, diawali dan diakhiri huruf atau angka (tanpa spasi).',
      en: () => 'Use letters, digits, “.”, “_” and “-”, starting and ending with a letter or digit (no spaces).',
    },
  },
  'question-ignored-content': {
    severity: 'warning',
    message: {
      id: () => 'Teks di luar soal diabaikan: bank soal hanya berisi soal di bawah judul `##`.',
      en: () => 'Text outside any question is ignored: a bank holds only questions under `##` headings.',
    },
    hint: {
      id: () => 'Pindahkan teks ini ke dalam soal, atau jadikan `## … {type=description}` bila itu bacaan pengantar.',
      en: () => 'Move the text into a question, or make it a `## … {type=description}` block if it is a reading.',
    },
  },
  'bank-empty': {
    severity: 'warning',
    message: { id: () => 'Bank soal ini tidak berisi soal.', en: () => 'This question bank holds no questions.' },
    hint: { id: () => 'Tulis setiap soal di bawah judul `## …`.', en: () => 'Write each question under a `## …` heading.' },
  },
  'quiz-no-questions': {
    severity: 'error',
    message: { id: () => 'Kuis ini tidak memiliki soal.', en: () => 'This quiz has no questions.' },
    hint: {
      id: () => 'Tambahkan `draw:` di front matter (bank soal) atau tulis soal di bawah judul `##`.',
      en: () => 'Add `draw:` to the front matter (question banks) or write questions under `##` headings.',
    },
  },
  'quiz-draw-empty': {
    severity: 'error',
    message: {
      id: (d) => `Tidak ada soal di ${q(d.bank)} yang sekaligus bertag ${d.tags}: undian ini selalu kosong.`,
      en: (d) => `No question in ${q(d.bank)} carries all of the tags ${d.tags}: this draw is always empty.`,
    },
    hint: {
      id: () => 'Soal diambil bila memiliki *semua* tag yang ditulis. Pisahkan menjadi beberapa baris `draw`, satu tag per baris, atau beri soalnya kedua tag.',
      en: () => 'A question is drawn when it has *all* the tags listed. Split it into several `draw` entries, one tag each, or give the questions both tags.',
    },
  },
  'quiz-nothing-scorable': {
    severity: 'error',
    message: {
      id: (d) => `Kuis ini menentukan kelulusan (${d.role === 'post' ? 'post-test' : 'kuis modul'}, nilai lulus ${d.passing}), tetapi tidak berisi satu pun soal yang dinilai otomatis: setiap peserta akan lulus dengan 100.`,
      en: (d) => `This quiz decides passing (${d.role === 'post' ? 'post-test' : 'unit quiz'}, passing grade ${d.passing}), but has no automatically scored question: every learner would pass with 100.`,
    },
    hint: {
      id: () => 'Tambahkan soal pilihan, isian, atau angka; soal uraian dinilai fasilitator. Bila kuis ini tidak dimaksudkan menentukan kelulusan, tulis `role: practice` atau `passing_grade: 0`.',
      en: () => 'Add choice, short-answer or numerical questions; essays are graded by a facilitator. If this quiz is not meant to decide passing, write `role: practice` or `passing_grade: 0`.',
    },
  },
  'quiz-draw-too-large': {
    severity: 'error',
    message: {
      id: (d) => `Kuis mengambil ${d.count} soal dari ${q(d.bank)}${d.tags ? ` bertag ${d.tags}` : ''}, padahal hanya ada ${d.available}.`,
      en: (d) => `The quiz draws ${d.count} questions from ${q(d.bank)}${d.tags ? ` tagged ${d.tags}` : ''}, but only ${d.available} exist.`,
    },
    hint: {
      id: () => 'Kurangi `count`, longgarkan `tags`, atau tambahkan soal ke bank.',
      en: () => 'Lower `count`, loosen `tags`, or add questions to the bank.',
    },
  },
  'quiz-unknown-tag': {
    severity: 'error',
    message: {
      id: (d) => `Tag ${q(d.tag)} tidak dipakai oleh soal mana pun di ${q(d.bank)}.`,
      en: (d) => `No question in ${q(d.bank)} carries tag ${q(d.tag)}.`,
    },
    hint: {
      id: (d) => (d.suggestion ? `Mungkin maksud Anda ${q(d.suggestion)}?` : `Tag yang ada: ${d.known || '(tidak ada)'}.`),
      en: (d) => (d.suggestion ? `Did you mean ${q(d.suggestion)}?` : `Tags in use: ${d.known || '(none)'}.`),
    },
  },
  'quiz-passing-grade': {
    severity: 'error',
    message: {
      id: (d) => `Nilai kelulusan ${d.value} di luar rentang 0–100.`,
      en: (d) => `Passing grade ${d.value} is outside 0–100.`,
    },
    hint: { id: () => 'Tulis `passing_grade` sebagai persen, mis. `passing_grade: 70`.', en: () => 'Write `passing_grade` as a percentage, e.g. `passing_grade: 70`.' },
  },
  'quiz-overlapping-draws': {
    severity: 'warning',
    message: {
      id: (d) => `Pengambilan soal ini tumpang tindih dengan pengambilan ke-${d.other} dari ${q(d.bank)}; soal yang sama tidak diambil dua kali, jadi bisa kekurangan soal.`,
      en: (d) => `This draw overlaps draw #${d.other} from ${q(d.bank)}; a question is never drawn twice, so the quiz may come up short.`,
    },
    hint: { id: () => 'Gunakan tag yang tidak saling beririsan untuk tiap pengambilan.', en: () => 'Use tags that do not overlap for each draw.' },
  },
  'import-syntax': {
    severity: 'error',
    message: {
      id: (d) => `Tidak dapat membaca soal: ${say(importProblems, d.problem, 'id', d)}.`,
      en: (d) => `Cannot read the question: ${say(importProblems, d.problem, 'en', d)}.`,
    },
    hint: {
      id: () => 'Perbaiki baris ini di berkas sumber lalu impor ulang; soal lain tetap diimpor.',
      en: () => 'Fix this line in the source file and import again; the other questions are still imported.',
    },
  },
  'import-lossy': {
    severity: 'warning',
    message: {
      id: (d) => `Soal ${which(d, 'id')}: ${say(importLosses, d.what, 'id', d)} tidak dapat dibawa ke Markdown.`,
      en: (d) => `Question ${which(d, 'en')}: ${say(importLosses, d.what, 'en', d)} could not be carried over to Markdown.`,
    },
    hint: { id: () => 'Periksa dan lengkapi soal ini secara manual.', en: () => 'Check and complete this question by hand.' },
  },
  'export-lossy': {
    severity: 'warning',
    message: {
      id: (d) => `Soal ${q(d.id)}: ${say(exportLosses, d.what, 'id', d)} tidak didukung oleh format ${d.format}.`,
      en: (d) => `Question ${q(d.id)}: ${say(exportLosses, d.what, 'en', d)} is not supported by the ${d.format} format.`,
    },
    hint: { id: () => 'Periksa soal ini setelah diimpor di LMS.', en: () => 'Check this question after importing it into the LMS.' },
  },
  'questions-usage': {
    severity: 'error',
    message: { id: (d) => say(usageProblems, d.problem, 'id', d), en: (d) => say(usageProblems, d.problem, 'en', d) },
  },
}, { reason: { ...attributeProblems, ...answerProblems }, problem: { ...importProblems, ...usageProblems }, what: { ...importLosses, ...exportLosses } });
