// Writes a realistic generated course of N lessons (Indonesian text, tables, images, a quiz per module).
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';

const para = 'Aparatur sipil negara melayani seluruh warga tanpa membedakan agama, suku, dan golongan. ' +
  'Sikap adil dan berimbang menjadi dasar pelayanan publik yang bermutu.';

export function generateCourse(dir, { lessons = 1000, perModule = 10, repoRoot } = {}) {
  mkdirSync(path.join(dir, 'materi'), { recursive: true });
  mkdirSync(path.join(dir, 'kuis'), { recursive: true });
  mkdirSync(path.join(dir, 'bank'), { recursive: true });
  mkdirSync(path.join(dir, 'gambar'), { recursive: true });
  mkdirSync(path.join(dir, 'media'), { recursive: true });
  copyFileSync(path.join(repoRoot, 'examples/moderasi-beragama/gambar/jalan-tengah.svg'), path.join(dir, 'gambar/diagram.svg'));
  copyFileSync(path.join(repoRoot, 'templates/media/slide-contoh.pdf'), path.join(dir, 'media/slide.pdf'));
  const modules = Math.ceil(lessons / perModule);
  let outline = '';
  let n = 0;
  for (let m = 1; m <= modules; m++) {
    outline += `\n## Modul ${m}: Topik ke-${m} {#modul-${m}}\n\n`;
    for (let k = 0; k < perModule && n < lessons; k++, n++) {
      const file = `materi/${String(n).padStart(4, '0')}-materi.md`;
      outline += `- [Materi ${n}](${file})\n`;
      writeFileSync(path.join(dir, file), `---\ntitle: Materi ${n}\nduration: 15\nslides: ../media/slide.pdf\n---\n\n# Materi ${n}\n\n${para}\n\n## Rincian\n\n| Indikator | Contoh |\n| --- | --- |\n| Toleransi | ${para.slice(0, 40)} |\n\n![Diagram ${n}](../gambar/diagram.svg)\n\n${para}\n\nLihat [rincian](#rincian).\n`);
    }
    writeFileSync(path.join(dir, `bank/modul-${m}.md`), `---\ntype: bank\ntitle: Bank ${m}\ntags: [modul-${m}]\n---\n\n` +
      Array.from({ length: 5 }, (_, q) => `## Soal ${m}.${q} {id=m${m}-q${q}}\n\n${para.slice(0, 60)} …\n\n- [x] Benar sekali\n- [ ] Keliru\n- [ ] Tidak tahu\n`).join('\n'));
    writeFileSync(path.join(dir, `kuis/modul-${m}.md`), `---\ntype: quiz\ntitle: Kuis ${m}\nrole: unit\ndraw:\n  - bank: ../bank/modul-${m}.md\n    count: 3\n---\n\nKuis modul ${m}.\n`);
    outline += `- [Kuis ${m}](kuis/modul-${m}.md)\n`;
  }
  writeFileSync(path.join(dir, 'syllabus.md'), `---\nid: kursus-besar\ntitle: Kursus ${lessons} materi\njp: 40\n---\n\n# Materi Inti\n${outline}`);
  return { modules, lessons };
}
