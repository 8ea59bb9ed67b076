import { definePhrases, defineRules, say } from '../diagnostics/rules.js';

/** Why the file system refused a path a command was given (path-unusable `code`: the system's error code). */
export const fileSystemProblems = definePhrases({
  EEXIST: { id: () => 'sudah ada sebagai berkas', en: () => 'it exists as a file' },
  ENOTDIR: { id: () => 'salah satu bagiannya adalah berkas, bukan folder', en: () => 'a part of it is a file, not a folder' },
  EISDIR: { id: () => 'itu sebuah folder', en: () => 'it is a folder' },
  ENOENT: { id: () => 'tidak ada', en: () => 'it does not exist' },
  EACCES: { id: () => 'izin ditolak', en: () => 'permission denied' },
  EPERM: { id: () => 'tindakan tidak diizinkan', en: () => 'the operation is not permitted' },
  EROFS: { id: () => 'sistem berkasnya hanya-baca', en: () => 'the file system is read-only' },
  ENOSPC: { id: () => 'disk penuh', en: () => 'the disk is full' },
  EDQUOT: { id: () => 'kuota disk habis', en: () => 'the disk quota is used up' },
  ENAMETOOLONG: { id: () => 'namanya terlalu panjang', en: () => 'the name is too long' },
  ELOOP: { id: () => 'tautan simboliknya berputar', en: () => 'its symbolic links loop' },
});

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
  'path-unusable': {
    severity: 'error',
    class: 'configuration',
    message: {
      id: (d) => `“${d.path}” tidak dapat dipakai: ${say(fileSystemProblems, d.code, 'id', d)}.`,
      en: (d) => `“${d.path}” cannot be used: ${say(fileSystemProblems, d.code, 'en', d)}.`,
    },
    hint: {
      id: () => 'Periksa jalur yang diberikan (misalnya -o/--out): folder keluaran harus berupa folder yang dapat ditulis.',
      en: () => 'Check the path you gave (for example -o/--out): an output folder must be a folder you can write to.',
    },
  },
  'internal-error': {
    severity: 'error',
    configurable: false,
    message: { id: (d) => `Galat tak terduga di ajar: ${d.detail}`, en: (d) => `Unexpected error in ajar: ${d.detail}` },
    hint: { id: () => 'Jalankan ulang dengan --debug untuk jejak tumpukan, lalu laporkan.', en: () => 'Run again with --debug for a stack trace, and report it.' },
  },
  'usage-error': {
    severity: 'error',
    configurable: false,
    message: { id: (d) => String(d.detail), en: (d) => String(d.detail) },
    hint: { id: (d) => `Lihat \`ajar ${d.command} --help\`.`, en: (d) => `See \`ajar ${d.command} --help\`.` },
  },
}, { code: fileSystemProblems });
