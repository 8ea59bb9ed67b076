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
});
