// Diagnostics of the package stage (building SCORM zips from a rendered site).

import { counted } from '../diagnostics/lang.js';
import { defineRules } from '../diagnostics/rules.js';

const q = (s: string | number | undefined) => `“${s ?? ''}”`;

export const rules = defineRules({
  'state-too-large': {
    severity: 'error',
    message: {
      id: (d) =>
        `Data status peserta kursus ini bisa mencapai ${d.chars} karakter, melebihi batas ${d.limit} karakter suspend_data pada ${d.formatName}.`,
      en: (d) =>
        `This course's learner state can reach ${d.chars} characters, over the ${d.limit}-character suspend_data limit of ${d.formatName}.`,
    },
    hint: {
      id: (d) =>
        d.format === 'scorm12'
          ? 'Kurangi jumlah soal yang ditampilkan per kuis, pecah kursus menjadi beberapa kursus, atau bangun hanya untuk SCORM 2004 (`ajar build --formats scorm2004`).'
          : 'Kurangi jumlah soal yang ditampilkan per kuis atau pecah kursus menjadi beberapa kursus.',
      en: (d) =>
        d.format === 'scorm12'
          ? 'Show fewer questions per quiz, split the course into several courses, or build for SCORM 2004 only (`ajar build --formats scorm2004`).'
          : 'Show fewer questions per quiz, or split the course into several courses.',
    },
  },
  'reserved-path': {
    severity: 'error',
    message: {
      id: (d) => `Berkas situs ${q(d.path)} bertabrakan dengan berkas yang ditambahkan ajar ke paket.`,
      en: (d) => `Site file ${q(d.path)} collides with a file ajar adds to the package.`,
    },
    hint: {
      id: () => 'Ganti nama berkas itu: imsmanifest.xml dan berkas skema (.xsd) di akar paket milik paket SCORM.',
      en: () => 'Rename that file: imsmanifest.xml and the schema files (.xsd) at the package root belong to the SCORM package.',
    },
  },
  'unsafe-site-path': {
    severity: 'error',
    message: {
      id: (d) => `Jalur berkas situs ${q(d.path)} tidak aman untuk paket (absolut, berisi “..”, “\\” atau ganda).`,
      en: (d) => `Site file path ${q(d.path)} is not safe in a package (absolute, contains “..” or “\\”, or duplicated).`,
    },
    hint: {
      id: () => 'Ini kesalahan ajar, bukan kursus Anda: laporkan beserta keluaran `ajar build --debug`.',
      en: () => 'This is a bug in ajar, not in your course: report it with the output of `ajar build --debug`.',
    },
  },
  'site-launch-missing': {
    severity: 'error',
    message: {
      id: (d) => `Halaman peluncuran ${q(d.path)} tidak ada di antara berkas situs.`,
      en: (d) => `The launch page ${q(d.path)} is not among the site files.`,
    },
    hint: {
      id: () => 'Ini kesalahan ajar, bukan kursus Anda: laporkan beserta keluaran `ajar build --debug`.',
      en: () => 'This is a bug in ajar, not in your course: report it with the output of `ajar build --debug`.',
    },
  },
  'format-not-built': {
    severity: 'warning',
    message: {
      id: (d) => `Format ${q(d.format)} belum dapat dibangun oleh versi ajar ini; dilewati.`,
      en: (d) => `Format ${q(d.format)} cannot be built by this version of ajar yet; skipped.`,
    },
    hint: {
      id: (d) => `Format yang tersedia: ${d.available}. Hapus format ini dari \`build.formats\` atau gunakan \`--format\`.`,
      en: (d) => `Available formats: ${d.available}. Remove it from \`build.formats\` or use \`--format\`.`,
    },
  },
  'media-not-transcoded': {
    severity: 'warning',
    message: {
      id: (d) => `ffmpeg tidak ditemukan: ${d.count} berkas media dimasukkan ke paket apa adanya, tanpa transkode.`,
      en: (d) => `ffmpeg not found: ${counted(d.count, 'media file')} ${Number(d.count) === 1 ? 'goes into the package as it is' : 'go into the package as they are'}, not transcoded.`,
    },
    hint: {
      id: () => 'Pasang ffmpeg (Debian/Ubuntu: `sudo apt-get install ffmpeg`) agar video diperkecil untuk jaringan lambat, lalu bangun ulang.',
      en: () => 'Install ffmpeg (Debian/Ubuntu: `sudo apt-get install ffmpeg`) so videos are made small for slow links, then build again.',
    },
  },
  'unknown-format': {
    severity: 'error',
    message: { id: (d) => `Format paket ${q(d.format)} tidak dikenal.`, en: (d) => `Unknown package format ${q(d.format)}.` },
    hint: {
      id: (d) => `Gunakan salah satu dari: ${d.known} (dipisah koma, mis. \`--formats scorm12,scorm2004\`).`,
      en: (d) => `Use some of: ${d.known} (comma-separated, e.g. \`--formats scorm12,scorm2004\`).`,
    },
  },
});
