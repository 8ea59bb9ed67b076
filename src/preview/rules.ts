// Diagnostics of `ajar preview`.

import { definePhrases, defineRules, say } from '../diagnostics/rules.js';
import { unreadableZips, xmlProblems } from '../verify/rules.js';
import { formatBytes } from '../util/progress.js';

type Data = Parameters<typeof say>[3];
/** Bytes as people read them; a placeholder (the rules listing renders texts without real data) passes through. */
const bytes = (n: string | number | undefined) => (Number.isFinite(Number(n)) ? formatBytes(Number(n)) : String(n ?? ''));
const notXml = (d: Data, lang: 'id' | 'en') => (d.problem ? say(xmlProblems, d.problem, lang, d) : String(d.detail ?? '').replace(/\.$/, ''));

/** Why a package cannot be played (preview-bad-package `reason`; preview/package.ts). */
export const unplayable = definePhrases({
  'no-structure': {
    id: () => 'tidak ada cmi5.xml, tincan.xml, atau imsmanifest.xml di akarnya',
    en: () => 'there is no cmi5.xml, tincan.xml or imsmanifest.xml at its root',
  },
  'no-launch': { id: (d) => `${d.name} tidak punya <activity> dengan <launch>`, en: (d) => `${d.name} has no <activity> with a <launch>` },
  'not-xml': { id: (d) => `${d.name} bukan XML yang sah: ${notXml(d, 'id')}`, en: (d) => `${d.name} is not well-formed XML: ${notXml(d, 'en')}` },
  unreadable: {
    id: (d) => `${d.entry !== undefined ? `entri “${d.entry}” tidak terbaca` : 'bukan arsip zip yang dapat dibaca'} (${say(unreadableZips, d.zip, 'id', d)})`,
    en: (d) => `${d.entry !== undefined ? `entry “${d.entry}” cannot be read` : 'it is not a readable zip archive'} (${say(unreadableZips, d.zip, 'en', d)})`,
  },
  'entry-too-large': { id: (d) => `entri “${d.entry}” lebih besar dari ${bytes(d.limit)}`, en: (d) => `entry “${d.entry}” is larger than ${bytes(d.limit)}` },
  'too-many-entries': { id: (d) => `berisi ${d.count} entri, melebihi batas ${d.limit}`, en: (d) => `it has ${d.count} entries, over the limit of ${d.limit}` },
  io: { id: (d) => `berkasnya tidak dapat dibaca (${d.detail})`, en: (d) => `the file cannot be read (${d.detail})` },
});

export const rules = defineRules({
  'preview-port-in-use': {
    severity: 'error',
    message: {
      id: (d) => `Port ${d.port} di ${d.host} sudah dipakai program lain.`,
      en: (d) => `Port ${d.port} on ${d.host} is already in use by another program.`,
    },
    hint: {
      id: () => 'Pilih port lain dengan --port <nomor>, atau --port 0 untuk port bebas mana pun.',
      en: () => 'Choose another port with --port <number>, or --port 0 for any free port.',
    },
  },
  'preview-bad-package': {
    severity: 'error',
    message: {
      id: (d) => `Paket “${d.file}” tidak dapat diputar: ${say(unplayable, d.reason, 'id', d)}.`,
      en: (d) => `Package “${d.file}” cannot be played: ${say(unplayable, d.reason, 'en', d)}.`,
    },
    hint: {
      id: () => 'Berikan paket .zip berisi cmi5.xml, tincan.xml, atau imsmanifest.xml di akarnya (periksa dengan `ajar verify`), atau folder kursus.',
      en: () => 'Give a .zip package with cmi5.xml, tincan.xml or imsmanifest.xml at its root (check it with `ajar verify`), or a course folder.',
    },
  },
  'preview-not-built': {
    severity: 'warning',
    message: {
      id: () => 'Kursus belum dapat ditampilkan: perbaiki galat di atas; pratinjau dimuat ulang setelah berkas disimpan.',
      en: () => 'The course cannot be shown yet: fix the errors above; the preview reloads when you save.',
    },
  },
}, { reason: unplayable, zip: unreadableZips, problem: xmlProblems });
