import { defineRules } from '../diagnostics/rules.js';

export const rules = defineRules({
  'no-course-dir': {
    severity: 'error',
    message: { id: (d) => `Folder “${d.dir}” tidak ada.`, en: (d) => `Folder “${d.dir}” does not exist.` },
    hint: { id: () => 'Berikan jalur folder kursus yang berisi syllabus.md.', en: () => 'Give the path of a course folder that holds syllabus.md.' },
  },
  'not-a-folder': {
    severity: 'error',
    message: { id: (d) => `“${d.dir}” adalah berkas, bukan folder.`, en: (d) => `“${d.dir}” is a file, not a folder.` },
    hint: { id: () => 'Berikan jalur sebuah folder.', en: () => 'Give the path of a folder.' },
  },
  'init-not-empty': {
    severity: 'error',
    message: { id: (d) => `Folder “${d.dir}” tidak kosong.`, en: (d) => `Folder “${d.dir}” is not empty.` },
    hint: {
      id: () => 'Pilih folder baru, atau tambahkan --force untuk menulis di folder ini (berkas dengan nama sama akan ditimpa).',
      en: () => 'Choose a new folder, or add --force to write into this one (files with the same names are overwritten).',
    },
  },
  'one-format': {
    severity: 'error',
    message: {
      id: (d) => `--formats di sini menerima tepat satu format, bukan “${d.given}”.`,
      en: (d) => `--formats takes exactly one format here, not “${d.given}”.`,
    },
    hint: { id: (d) => `Pilih salah satu dari: ${d.known}.`, en: (d) => `Choose one of: ${d.known}.` },
  },
  'import-nothing': {
    severity: 'error',
    message: { id: (d) => `Tidak ada soal yang dapat diimpor dari “${d.file}”.`, en: (d) => `No question could be imported from “${d.file}”.` },
    hint: {
      id: () => 'Periksa formatnya (--from gift, aiken atau moodlexml) dan galat di atas.',
      en: () => 'Check its format (--from gift, aiken or moodlexml) and the errors above.',
    },
  },
  'usage-error': {
    severity: 'error',
    configurable: false,
    message: { id: (d) => String(d.detail), en: (d) => String(d.detail) },
    hint: { id: (d) => `Lihat \`ajar ${d.command} --help\`.`, en: (d) => `See \`ajar ${d.command} --help\`.` },
  },
});
