#!/usr/bin/env node
// Question banks: loading, scoring, drawing and converting a generated 1,000-question bank. Every row is
// compared with a baseline measured in the same run: parsing the same Markdown with remark alone (what any
// Markdown tool pays), so the ratio is the cost of the question layer on top.
// Needs `npm run build` first (imports lib/; AJAR_LIB=<dir> points at another build).
// Usage: node bench/questions.mjs [questions=1000] [runs=5]

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const lib = process.env.AJAR_LIB ? path.resolve(process.env.AJAR_LIB) : path.join(repoRoot, 'lib');
const { parseFrontMatter } = await import(path.join(lib, 'source/frontmatter.js'));
const { parseMarkdown } = await import(path.join(lib, 'source/markdown.js'));
const { loadBank, loadQuiz } = await import(path.join(lib, 'questions/load.js'));
const { score, correctResponse } = await import(path.join(lib, 'core/scoring.js'));
const { drawQuestions } = await import(path.join(lib, 'core/draw.js'));
const { exportGift } = await import(path.join(lib, 'questions/interop/gift-export.js'));
const { importGift } = await import(path.join(lib, 'questions/interop/gift-import.js'));
const { exportMoodleXml } = await import(path.join(lib, 'questions/interop/moodle-xml-export.js'));
const { importMoodleXml } = await import(path.join(lib, 'questions/interop/moodle-xml-import.js'));
const { exportQti } = await import(path.join(lib, 'questions/interop/qti-export.js'));
const { writeBankMarkdown } = await import(path.join(lib, 'questions/interop/write-markdown.js'));

const count = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 5);

// A realistic mix: mostly choice questions, some of every other type, Indonesian text, one Arabic stem in ten.
function generateBank(n) {
  const parts = ['---', 'type: bank', 'id: bank-besar', 'title: Bank Soal Besar', 'tags: [umum]', '---', ''];
  for (let i = 1; i <= n; i++) {
    const tag = `modul-${(i % 10) + 1}`;
    const arabic = i % 10 === 0 ? '\n\n> وَكَذَٰلِكَ جَعَلْنَاكُمْ أُمَّةً وَسَطًا\n' : '';
    switch (i % 8) {
      case 0:
        parts.push(`## Soal ${i} jawaban jamak {tags=[${tag}]}`, '', `Pilih **semua** indikator moderasi beragama (${i}).${arabic}`, '', '- [x] Komitmen kebangsaan', '- [x] Toleransi', '- [x] Antikekerasan', '- [ ] Fanatisme golongan', '');
        break;
      case 1:
        parts.push(`## Soal ${i} isian {type=isian tags=[${tag}]}`, '', `Ibu kota negara adalah … (${i})`, '', '- Jakarta', '- DKI Jakarta', '- Nusantara {weight=50}', '');
        break;
      case 2:
        parts.push(`## Soal ${i} angka {type=angka tags=[${tag}]}`, '', `Tahun Sumpah Pemuda (${i})?`, '', '- 1928', '- 1927..1929 {weight=50}', '');
        break;
      case 3:
        parts.push(`## Soal ${i} menjodohkan {type=menjodohkan tags=[${tag}]}`, '', '- Sila pertama -> Bintang', '- Sila kedua -> Rantai', '- Sila ketiga -> Pohon beringin', '- -> Padi dan kapas', '');
        break;
      case 4:
        parts.push(`## Soal ${i} benar salah {tags=[${tag}]}`, '', `Moderasi sama dengan sinkretisme (${i}).`, '', '- [ ] Benar', '- [x] Salah', '  > Tepat.', '');
        break;
      default:
        parts.push(`## Soal ${i} pilihan ganda {id=pg-${i} points=2 tags=[${tag}, mudah]}`, '', `Menurut Kementerian Agama, moderasi beragama adalah … (${i})${arabic}`, '', '- [ ] Sikap mencampuradukkan ajaran', '  > Bukan.', '- [x] Cara pandang yang adil dan berimbang', '- [ ] Sikap longgar', '- [ ] Semua jawaban benar {fixed}', '', '> Benar: Bagus.', '> Salah: Baca kembali materi.', '');
    }
  }
  return parts.join('\n');
}

const text = generateBank(count);
const file = { path: 'bank/bank-besar.md', text };
const quizFile = {
  path: 'kuis/kuis.md',
  text: `---\ntype: quiz\ntitle: Kuis\ndraw:\n${Array.from({ length: 10 }, (_, m) => `  - bank: ../bank/bank-besar.md\n    tags: [modul-${m + 1}]\n    count: 2`).join('\n')}\n---\n\nKuis.\n`,
};

const time = (f) => {
  const t = process.hrtime.bigint();
  const v = f();
  return [Number(process.hrtime.bigint() - t) / 1e6, v];
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function measure(f) {
  const ts = [];
  let v;
  for (let i = 0; i < runs; i++) [ts[i], v] = time(f);
  return [median(ts), v];
}

const [baseline] = measure(() => parseMarkdown(parseFrontMatter(file).body));
const [load, loaded] = measure(() => loadBank(file, parseFrontMatter(file)));
const bank = loaded.bank;
if (loaded.diagnostics.length) throw new Error(`generated bank has diagnostics: ${JSON.stringify(loaded.diagnostics[0])}`);
const responses = bank.questions.map((q) => correctResponse(q));
const scoreRounds = 100;
const [scoring] = measure(() => {
  let total = 0;
  for (let r = 0; r < scoreRounds; r++) bank.questions.forEach((q, i) => (total += score(q, responses[i]).score));
  return total;
});
const quiz = loadQuiz(quizFile, parseFrontMatter(quizFile));
const attempts = 1000;
const [drawing] = measure(() => {
  for (let a = 1; a <= attempts; a++) drawQuestions(quiz.settings, [bank], 'peserta', a);
});
const [giftOut, gift] = measure(() => exportGift(bank).text);
const [giftIn] = measure(() => writeBankMarkdown({ id: 'b', title: 'B' }, importGift(gift, 'b.gift').drafts));
const [xmlOut, xml] = measure(() => exportMoodleXml(bank).text);
const [xmlIn] = measure(() => writeBankMarkdown({ id: 'b', title: 'B' }, importMoodleXml(xml, 'b.xml').drafts));
const [qti] = measure(() => exportQti(bank, '2.1'));

const rows = [
  ['baseline: remark parse of the bank', count, baseline],
  ['loadBank (parse, HTML, checks)', count, load],
  [`score (correct answer) × ${scoreRounds}`, count * scoreRounds, scoring],
  [`drawQuestions (20 of ${count}) × ${attempts} attempts`, attempts, drawing],
  ['export GIFT', count, giftOut],
  ['import GIFT → Markdown', count, giftIn],
  ['export Moodle XML', count, xmlOut],
  ['import Moodle XML → Markdown', count, xmlIn],
  ['export QTI 2.1 (items + manifest)', count, qti],
];
console.log(`Question bank of ${count} questions (${(text.length / 1024).toFixed(0)} KiB), median of ${runs} runs, Node ${process.version}`);
console.log('| task | items | total ms | µs per item | × baseline |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, items, ms] of rows) {
  console.log(`| ${name} | ${items} | ${ms.toFixed(1)} | ${((ms * 1000) / items).toFixed(1)} | ${(ms / baseline).toFixed(2)} |`);
}
