// Diagnostics of `ajar verify`: any SCORM, cmi5 or xAPI package, ours or not. Zip-level findings name the package and the
// entry; manifest findings point at imsmanifest.xml inside it (`package.zip!/imsmanifest.xml:line:column`).

import { formatBytes } from '../util/progress.js';
import { definePhrases, defineRules, say } from '../diagnostics/rules.js';
import type { UnsafePathReason } from '../util/paths.js';

/**
 * A name from a package as it may be printed: control characters (ESC sequences that would recolour or move the
 * terminal's cursor, CR that would overwrite the line), C1 controls and bidirectional overrides are shown as
 * `\x1b`/`\u202e` escapes, never sent raw.
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
const q = (s: string | number | undefined) => `“${printable(String(s ?? ''))}”`;
/** Bytes as people read them; a placeholder (the rules listing renders messages without real data) passes through. */
const mib = (n: string | number | undefined) => (Number.isFinite(Number(n)) ? formatBytes(Number(n)) : `${n ?? ''} bytes`);

/** Where a second name of an entry was found (data.via, data.what). */
export const entrySources = definePhrases({
  local: { id: () => 'header lokal', en: () => 'local header' },
  unicode: { id: () => 'extra field Unicode Path (0x7075)', en: () => 'Unicode Path extra field (0x7075)' },
  'local-unicode': { id: () => 'extra field Unicode Path (0x7075) header lokal', en: () => 'local header’s Unicode Path extra field (0x7075)' },
  method: { id: () => 'metode kompresi header lokal', en: () => 'local header’s compression method' },
  sizes: { id: () => 'ukuran di header lokal', en: () => 'local header’s size record' },
});
/** How an entry hides from some extractors (zip-hidden-entry `how`). */
export const hidingPlaces = definePhrases({
  'past-count': { id: () => 'catatan direktorinya terletak setelah jumlah entri yang dinyatakan catatan akhir', en: () => 'its directory record lies past the entry count of the end record' },
  'local-only': { id: () => 'hanya ada di header lokal; tidak ada catatan direktori yang mencantumkannya', en: () => 'only a local header has it; no directory record lists it' },
});
/** What is damaged in an entry (zip-entry-corrupt `reason`). */
export const entryDamage = definePhrases({
  crc: { id: () => 'CRC-32 tidak cocok dengan isinya', en: () => 'its CRC-32 does not match its data' },
  data: { id: () => 'data terkompresinya rusak', en: () => 'its compressed data is damaged' },
  'no-local': { id: () => 'tidak ada header lokal di tempat yang ditunjuk catatan direktorinya', en: () => 'it has no local header where its directory record points' },
});
/** Why a launch URL cannot work (the `reason` of the *-unsupported rules; verify/launch-url.ts). */
export const urlProblems = definePhrases({
  http: { id: () => 'memakai http biasa, bukan https (peramban memblokirnya di LMS https)', en: () => 'uses plain http, not https (browsers block it inside an https LMS)' },
  scheme: { id: () => 'memakai skema URL selain https', en: () => 'uses a URL scheme other than https' },
  root: { id: () => 'diawali “/”: jalur dari akar server, bukan dari akar paket', en: () => 'starts with “/”: a path from the server root, not the package root' },
  outside: { id: () => 'keluar dari paket lewat “..”', en: () => 'leaves the package through “..”' },
});
/** Why an entry's path is unsafe (zip-unsafe-path `reason`); `./` and empty segments are harmless and not reported. */
export const unsafePaths = definePhrases<Exclude<UnsafePathReason, 'dot-segment'>>({
  empty: { id: () => 'nama kosong', en: () => 'empty name' },
  absolute: { id: () => 'jalur absolut', en: () => 'absolute path' },
  drive: { id: () => 'huruf drive', en: () => 'drive letter' },
  backslash: { id: () => 'pemisah “\\”', en: () => 'backslash separator' },
  parent: { id: () => '“..” keluar dari folder paket', en: () => '“..” leaves the package folder' },
  control: { id: () => 'karakter kontrol dalam nama', en: () => 'control character in the name' },
  bidi: { id: () => 'karakter pembalik arah dalam nama', en: () => 'bidirectional override in the name' },
});
/** Why a zip cannot be read at all (zip-unreadable `reason`; ZipFormatError reasons). */
export const unreadableZips = definePhrases({
  'not-zip': { id: () => 'tidak ada catatan end-of-central-directory', en: () => 'no end-of-central-directory record' },
  truncated: { id: () => 'berkasnya terpotong', en: () => 'the file is truncated' },
  corrupt: { id: () => 'direktori atau datanya rusak', en: () => 'its directory or data is damaged' },
  encrypted: { id: () => 'manifest-nya terenkripsi', en: () => 'the manifest is encrypted' },
  'too-large': { id: () => 'manifest-nya terlalu besar', en: () => 'the manifest is too large' },
  method: { id: () => 'metode kompresi tidak didukung', en: () => 'unsupported compression' },
});
/** Why a structure file is not well-formed XML, when ajar itself found it (the `problem` of the *-not-xml rules; the parser's own message is `detail`). */
export const xmlProblems = definePhrases({
  'too-deep': { id: (d) => `elemen bersarang lebih dari ${d.limit} tingkat`, en: (d) => `elements nested more than ${d.limit} deep` },
  ampersand: { id: () => 'ada “&” tanpa escape (tulis “&” sebagai “&amp;”)', en: () => 'unescaped ampersand (write “&” as “&amp;”)' },
});
/** The not-xml rules' reason: ajar's code worded, or the parser's message as it is. */
const notXml = (d: Data, lang: 'id' | 'en') => (d.problem ? say(xmlProblems, d.problem, lang, d) : String(d.detail ?? ''));
/** What is wrong with an href or xml:base (adl-href-syntax `problem`). */
export const hrefProblems = definePhrases({
  'leading-slash': { id: () => 'diawali garis miring', en: () => 'starts with a slash' },
  backslash: { id: () => 'memakai “\\”', en: () => 'uses “\\”' },
  'no-trailing-slash': { id: () => 'tidak diakhiri “/”', en: () => 'does not end with “/”' },
});
/** SCORM versions by code (scorm-version-mismatch: `claimed`, and `version`, the one the manifest's namespaces say). */
export const scormVersions = definePhrases({
  '1.2': { id: () => 'SCORM 1.2', en: () => 'SCORM 1.2' },
  '2004': { id: () => 'SCORM 2004', en: () => 'SCORM 2004' },
});
type Data = Parameters<typeof say>[3];
/** What disagrees with the manifest's namespaces: <schemaversion>, or an adlcp attribute (with its namespace when that is the mismatch). */
const versionWhat = (d: Data) => (d.what === 'schemaversion' ? '<schemaversion>' : d.namespace !== undefined ? `${d.attribute} (${d.namespace})` : String(d.attribute ?? ''));
/** The version it claims: <schemaversion>'s text with the version it means, or the version's name. */
const versionClaim = (d: Data, lang: 'id' | 'en') => (d.what === 'schemaversion' ? `${d.declared} (${say(scormVersions, d.claimed, lang, d)})` : say(scormVersions, d.claimed, lang, d));
/** findings-repeated's examples (example1 … example<examples>), each quoted. */
const examplesOf = (d: Data) => {
  const names: string[] = [];
  for (let i = 1; i <= Number(d.examples); i++) names.push(q(d[`example${i}`]));
  return names.join(', ');
};
/** What a local header says (zip-header-mismatch): a name, a method, or its sizes as compressed → uncompressed. */
const headerValue = (d: Data) => (d.what === 'sizes' ? `${d.compressed} → ${d.uncompressed}` : d.value);
/** What a manifest reference points at (manifest-bad-reference `kind`). */
export const manifestParts = definePhrases({
  resource: { id: () => 'resource', en: () => 'resource' },
  organization: { id: () => 'organisasi', en: () => 'organization' },
});

export const rules = defineRules({
  'zip-unreadable': {
    severity: 'error',
    message: {
      id: (d) => `Berkas ini bukan arsip zip yang dapat dibaca (${say(unreadableZips, d.reason, 'id', d)}).`,
      en: (d) => `This file is not a readable zip archive (${say(unreadableZips, d.reason, 'en', d)}).`,
    },
    hint: {
      id: () => 'Buat ulang paketnya (mis. `ajar build`) dan pastikan unduhan/unggahan tidak terpotong.',
      en: () => 'Build the package again (e.g. `ajar build`) and make sure no download or upload cut it short.',
    },
  },
  'zip-unsafe-path': {
    severity: 'error',
    message: {
      id: (d) => `Entri zip ${q(d.entry)} memakai jalur yang tidak aman (${say(unsafePaths, d.reason, 'id', d)})${d.via ? ` di ${say(entrySources, d.via, 'id', d)}` : ''}.`,
      en: (d) => `Zip entry ${q(d.entry)} has an unsafe path (${say(unsafePaths, d.reason, 'en', d)})${d.via ? ` in its ${say(entrySources, d.via, 'en', d)}` : ''}.`,
    },
    hint: {
      id: () => 'Entri harus berupa jalur relatif dengan “/”, tanpa “..”, tanpa huruf drive atau “\\”: LMS bisa menulis berkas di luar folder paket.',
      en: () => 'Entries must be relative paths with “/”, no “..”, no drive letter or “\\”: an LMS could write files outside the package folder.',
    },
  },
  'zip-symlink': {
    severity: 'error',
    message: { id: (d) => `Entri zip ${q(d.entry)} adalah tautan simbolik.`, en: (d) => `Zip entry ${q(d.entry)} is a symbolic link.` },
    hint: {
      id: () => 'Ganti tautan dengan berkas sebenarnya sebelum membuat zip: tautan bisa menunjuk ke berkas server LMS.',
      en: () => 'Replace the link with the real file before zipping: a link can point at files on the LMS server.',
    },
  },
  'zip-encrypted': {
    severity: 'error',
    message: { id: (d) => `Entri zip ${q(d.entry)} terenkripsi.`, en: (d) => `Zip entry ${q(d.entry)} is encrypted.` },
    hint: { id: () => 'LMS tidak dapat membuka berkas terenkripsi: buat zip tanpa kata sandi.', en: () => 'An LMS cannot open encrypted entries: zip without a password.' },
  },
  'zip-duplicate-entry': {
    severity: 'error',
    message: {
      id: (d) => `Entri zip ${q(d.entry)} muncul lebih dari sekali${d.other ? ` (sama dengan ${q(d.other)} bila huruf besar/kecil diabaikan)` : ''}.`,
      en: (d) => `Zip entry ${q(d.entry)} appears more than once${d.other ? ` (same as ${q(d.other)} ignoring case)` : ''}.`,
    },
    hint: {
      id: () => 'Sisakan satu entri per jalur: LMS yang berbeda akan memilih salinan yang berbeda (di Windows, nama yang hanya beda huruf besar/kecil bertabrakan).',
      en: () => 'Keep one entry per path: different LMSs would pick different copies (on Windows, names differing only in case collide).',
    },
  },
  'zip-unsupported-method': {
    severity: 'warning',
    message: {
      id: (d) => `Entri zip ${q(d.entry)} memakai metode kompresi ${d.method}, bukan store/deflate.`,
      en: (d) => `Zip entry ${q(d.entry)} uses compression method ${d.method}, not store/deflate.`,
    },
    hint: { id: () => 'Buat zip dengan kompresi standar (deflate): banyak LMS hanya mengenal itu.', en: () => 'Zip with standard (deflate) compression: many LMSs know nothing else.' },
  },
  'zip-too-many-entries': {
    severity: 'error',
    message: {
      id: (d) => `Paket berisi ${d.count} entri, melebihi batas ${d.limit}.`,
      en: (d) => `The package has ${d.count} entries, over the limit of ${d.limit}.`,
    },
    hint: {
      id: () => 'Kurangi jumlah berkas (mis. simpan video di luar paket dengan `build.media: external`).',
      en: () => 'Reduce the number of files (e.g. host video outside the package with `build.media: external`).',
    },
  },
  'zip-too-large': {
    severity: 'error',
    message: {
      id: (d) => `Isi paket bila diekstrak berukuran ${mib(d.bytes)}, melebihi batas ${mib(d.limit)}.`,
      en: (d) => `The package extracts to ${mib(d.bytes)}, over the limit of ${mib(d.limit)}.`,
    },
    hint: {
      id: () => 'Simpan video di luar paket (`build.media: external`) atau kecilkan berkasnya.',
      en: () => 'Host video outside the package (`build.media: external`) or make the files smaller.',
    },
  },
  'zip-bomb': {
    severity: 'error',
    message: {
      id: (d) => `Entri zip ${q(d.entry)} mengembang ${d.ratio}× saat diekstrak (${mib(d.bytes)}): ciri “zip bomb”.`,
      en: (d) => `Zip entry ${q(d.entry)} expands ${d.ratio}× when extracted (${mib(d.bytes)}): the mark of a zip bomb.`,
    },
    hint: { id: () => 'Jangan unggah paket ini ke LMS; periksa dari mana asalnya.', en: () => 'Do not upload this package to an LMS; check where it came from.' },
  },
  'zip-archive-ratio': {
    severity: 'error',
    message: {
      id: (d) => `Paket mengembang ${d.ratio}× saat diekstrak (${mib(d.bytes)} dari ${mib(d.size)}): ciri “zip bomb”.`,
      en: (d) => `The package expands ${d.ratio}× when extracted (${mib(d.bytes)} from ${mib(d.size)}): the mark of a zip bomb.`,
    },
    hint: {
      id: (d) => `Paket nyata jarang mengembang lebih dari ${d.limit}×. Jangan unggah paket ini ke LMS; periksa dari mana asalnya.`,
      en: (d) => `Real packages rarely expand more than ${d.limit}×. Do not upload this package to an LMS; check where it came from.`,
    },
  },
  'zip-size-mismatch': {
    severity: 'error',
    message: {
      id: (d) =>
        d.over
          ? `Entri zip ${q(d.entry)} menyatakan ${d.declared} bita tetapi mengembang lebih dari itu saat diekstrak (pemeriksaan berhenti di ${d.actual} bita).`
          : `Entri zip ${q(d.entry)} menyatakan ${d.declared} bita tetapi berisi ${d.actual} bita.`,
      en: (d) =>
        d.over
          ? `Zip entry ${q(d.entry)} declares ${d.declared} bytes but inflates to more (checking stopped at ${d.actual} bytes).`
          : `Zip entry ${q(d.entry)} declares ${d.declared} bytes but holds ${d.actual} bytes.`,
    },
    hint: {
      id: () => 'Ukuran yang berbohong dipakai untuk mengelabui batas ukuran ekstraktor (zip bomb). Jangan unggah paket ini; buat ulang zip-nya.',
      en: () => 'Lying sizes are how zip bombs get past extractors’ size limits. Do not upload this package; zip it again.',
    },
  },
  'zip-entry-corrupt': {
    severity: 'error',
    message: {
      id: (d) => `Entri zip ${q(d.entry)} rusak: ${say(entryDamage, d.reason, 'id', d)}.`,
      en: (d) => `Zip entry ${q(d.entry)} is damaged: ${say(entryDamage, d.reason, 'en', d)}.`,
    },
    hint: {
      id: () => 'Buat ulang paketnya dan pastikan unduhan/unggahan tidak terpotong.',
      en: () => 'Build the package again and make sure no download or upload cut it short.',
    },
  },
  'zip-header-mismatch': {
    severity: 'error',
    message: {
      id: (d) => `Entri zip ${q(d.entry)}: ${say(entrySources, d.what, 'id', d)} menyatakan ${q(headerValue(d))}.`,
      en: (d) => `Zip entry ${q(d.entry)}: its ${say(entrySources, d.what, 'en', d)} says ${q(headerValue(d))}.`,
    },
    hint: {
      id: () => 'Ekstraktor yang berbeda akan mengekstrak berkas yang berbeda dari entri ini: paket yang sah memakai satu nama dan satu ukuran. Buat ulang zip-nya.',
      en: () => 'Different extractors would extract different files from this entry: a sound package has one name and one size per entry. Zip it again.',
    },
  },
  'zip-hidden-entry': {
    severity: 'error',
    message: {
      id: (d) => `Entri zip ${q(d.entry)} tersembunyi dari sebagian ekstraktor: ${say(hidingPlaces, d.how, 'id', d)}.`,
      en: (d) => `Zip entry ${q(d.entry)} is hidden from some extractors: ${say(hidingPlaces, d.how, 'en', d)}.`,
    },
    hint: {
      id: () => 'Pemeriksa yang membaca direktori tidak melihat entri ini, tetapi ekstraktor lain akan menuliskannya. Jangan unggah paket ini.',
      en: () => 'A checker that reads the directory never sees this entry, yet other extractors write it out. Do not upload this package.',
    },
  },
  'zip-overlap': {
    severity: 'error',
    message: {
      id: (d) => `Entri zip ${q(d.entry)} dan ${q(d.other)} berbagi bita yang sama di arsip.`,
      en: (d) => `Zip entries ${q(d.entry)} and ${q(d.other)} share bytes of the archive.`,
    },
    hint: {
      id: () => 'Entri yang tumpang-tindih adalah cara “zip bomb” mengembang jauh melebihi ukurannya. Jangan unggah paket ini.',
      en: () => 'Overlapping entries are how zip bombs expand far beyond their size. Do not upload this package.',
    },
  },
  'package-kind-unknown': {
    severity: 'error',
    message: {
      id: () => 'Paket ini bukan SCORM, cmi5, maupun xAPI: tidak ada imsmanifest.xml, cmi5.xml, atau tincan.xml di akar zip.',
      en: () => 'This package is neither SCORM, cmi5 nor xAPI: there is no imsmanifest.xml, cmi5.xml or tincan.xml at the root of the zip.',
    },
    hint: {
      id: (d) =>
        d.nested
          ? `Ada ${q(d.nested)}: buat zip dari isi folder itu, bukan dari foldernya, agar berkas itu berada di akar.`
          : 'Paket SCORM berisi imsmanifest.xml di akar zip, paket cmi5 berisi cmi5.xml, paket xAPI (Tin Can) berisi tincan.xml; `ajar build` membuat keempatnya.',
      en: (d) =>
        d.nested
          ? `There is ${q(d.nested)}: zip the contents of that folder, not the folder itself, so the file sits at the root.`
          : 'A SCORM package has imsmanifest.xml at the root of the zip, a cmi5 package cmi5.xml, an xAPI (Tin Can) package tincan.xml; `ajar build` makes all four.',
    },
  },
  'cmi5-not-xml': {
    severity: 'error',
    message: { id: (d) => `cmi5.xml bukan XML yang sah: ${notXml(d, 'id')}`, en: (d) => `cmi5.xml is not well-formed XML: ${notXml(d, 'en')}` },
    hint: {
      id: () => 'Perbaiki XML di letak yang ditunjukkan: LMS tidak dapat mengimpor kursus cmi5 tanpa struktur kursus yang terbaca.',
      en: () => 'Fix the XML at the place shown: an LMS cannot import a cmi5 course whose course structure it cannot read.',
    },
  },
  'cmi5-invalid': {
    severity: 'error',
    message: {
      id: (d) => `cmi5.xml tidak sah menurut skema resmi cmi5 (CourseStructure.xsd): ${d.detail}`,
      en: (d) => `cmi5.xml is not valid against the official cmi5 schema (CourseStructure.xsd): ${d.detail}`,
    },
    hint: {
      id: () => 'Sesuaikan elemen di letak yang ditunjukkan dengan skema: urutan title, description, objectives, url; namespace https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd.',
      en: () => 'Make the element at the place shown match the schema: title, description, objectives, url in that order; namespace https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd.',
    },
  },
  'cmi5-au-url-missing': {
    severity: 'error',
    message: {
      id: (d) => `URL AU ${q(d.url)} (AU ${q(d.au)}) menunjuk ke ${q(d.target)}, yang tidak ada di paket.`,
      en: (d) => `The URL ${q(d.url)} of AU ${q(d.au)} points at ${q(d.target)}, which is not in the package.`,
    },
    hint: {
      id: (d) => (d.suggestion ? `Ada ${q(d.suggestion)} (huruf besar/kecil berbeda; server LMS membedakannya).` : 'URL relatif dibaca dari akar paket: tambahkan berkas itu ke zip atau perbaiki <url>.'),
      en: (d) => (d.suggestion ? `There is ${q(d.suggestion)} (case differs, and LMS servers care).` : 'A relative URL is read from the root of the package: add that file to the zip or fix the <url>.'),
    },
  },
  'cmi5-au-url-unsupported': {
    severity: 'error',
    message: {
      id: (d) => `URL AU ${q(d.url)} (AU ${q(d.au)}) ${say(urlProblems, d.reason, 'id', d)}.`,
      en: (d) => `The URL ${q(d.url)} of AU ${q(d.au)} ${say(urlProblems, d.reason, 'en', d)}.`,
    },
    hint: {
      id: () => 'Pakai jalur relatif terhadap akar paket (mis. index.html) untuk AU di dalam zip, atau URL https:// lengkap untuk AU yang dihosting di tempat lain.',
      en: () => 'Use a path relative to the package root (e.g. index.html) for an AU inside the zip, or a full https:// URL for an AU hosted elsewhere.',
    },
  },
  'cmi5-passed-without-mastery': {
    severity: 'warning',
    message: {
      id: (d) => `AU ${q(d.au)} memakai moveOn="${d.moveOn}" tetapi tidak punya masteryScore.`,
      en: (d) => `AU ${q(d.au)} has moveOn="${d.moveOn}" but no masteryScore.`,
    },
    hint: {
      id: () => 'Tanpa masteryScore LMS tidak dapat memberi tahu AU nilai kelulusannya, sehingga setiap AU menilai kelulusan dengan caranya sendiri. Tambahkan masteryScore (0–1, mis. 0.7).',
      en: () => 'Without a masteryScore the LMS cannot tell the AU its pass mark, so each AU judges passing on its own. Add a masteryScore (0–1, e.g. 0.7).',
    },
  },
  'cmi5-mastery-ignored': {
    severity: 'warning',
    message: {
      id: (d) => `AU ${q(d.au)} punya masteryScore="${d.masteryScore}", tetapi moveOn="${d.moveOn}" tidak memerlukan kelulusan.`,
      en: (d) => `AU ${q(d.au)} has masteryScore="${d.masteryScore}", but moveOn="${d.moveOn}" does not ask for a pass.`,
    },
    hint: {
      id: () => 'Nilai kelulusan ini tidak memengaruhi penyelesaian kursus. Pakai moveOn="Passed", "CompletedAndPassed" atau "CompletedOrPassed", atau hapus masteryScore.',
      en: () => 'This pass mark does not affect course completion. Use moveOn="Passed", "CompletedAndPassed" or "CompletedOrPassed", or remove the masteryScore.',
    },
  },
  'cmi5-duplicate-id': {
    severity: 'error',
    message: {
      id: (d) => `Id ${q(d.id)} pada <${d.element}> sudah dipakai di baris ${d.firstLine} cmi5.xml.`,
      en: (d) => `The id ${q(d.id)} of this <${d.element}> is already used on line ${d.firstLine} of cmi5.xml.`,
    },
    hint: {
      id: () => 'Id kursus, blok, AU, dan objective harus IRI yang unik: LMS menyimpan kemajuan peserta per id, jadi dua AU dengan id yang sama tercampur.',
      en: () => 'Course, block, AU and objective ids must be unique IRIs: an LMS keeps learners’ progress per id, so two AUs sharing one get mixed up.',
    },
  },
  'cmi5-objective-unknown': {
    severity: 'error',
    message: {
      id: (d) => `Objective ${q(d.idref)} dirujuk tetapi tidak didefinisikan di <objectives> kursus.`,
      en: (d) => `Objective ${q(d.idref)} is referred to but not defined in the course’s <objectives>.`,
    },
    hint: {
      id: () => 'Tambahkan <objective id="…"> dengan id itu di <objectives> tingkat kursus, atau perbaiki idref-nya.',
      en: () => 'Add an <objective id="…"> with that id to the course-level <objectives>, or fix the idref.',
    },
  },
  'tincan-not-xml': {
    severity: 'error',
    message: { id: (d) => `tincan.xml bukan XML yang sah: ${notXml(d, 'id')}`, en: (d) => `tincan.xml is not well-formed XML: ${notXml(d, 'en')}` },
    hint: {
      id: () => 'Perbaiki XML di letak yang ditunjukkan: LMS membaca tincan.xml untuk menemukan halaman peluncuran.',
      en: () => 'Fix the XML at the place shown: the LMS reads tincan.xml to find the launch page.',
    },
  },
  'tincan-no-launch': {
    severity: 'error',
    message: {
      id: () => 'tincan.xml tidak punya <activity> dengan <launch>: LMS tidak punya apa pun untuk diluncurkan.',
      en: () => 'tincan.xml has no <activity> with a <launch>: the LMS has nothing to launch.',
    },
    hint: {
      id: () => 'Tambahkan <tincan><activities><activity id="…" type="http://adlnet.gov/expapi/activities/course"><name>…</name><launch lang="id">index.html</launch></activity></activities></tincan>.',
      en: () => 'Add <tincan><activities><activity id="…" type="http://adlnet.gov/expapi/activities/course"><name>…</name><launch lang="en">index.html</launch></activity></activities></tincan>.',
    },
  },
  'tincan-launch-missing': {
    severity: 'error',
    message: {
      id: (d) => `Halaman peluncuran ${q(d.url)} (aktivitas ${q(d.activity)}) tidak ada di paket.`,
      en: (d) => `Launch page ${q(d.url)} (activity ${q(d.activity)}) is not in the package.`,
    },
    hint: {
      id: (d) => (d.suggestion ? `Ada ${q(d.suggestion)} (huruf besar/kecil berbeda; server LMS membedakannya).` : '<launch> dibaca dari akar paket: tambahkan berkas itu ke zip atau perbaiki jalurnya.'),
      en: (d) => (d.suggestion ? `There is ${q(d.suggestion)} (case differs, and LMS servers care).` : 'A <launch> is read from the root of the package: add that file to the zip or fix the path.'),
    },
  },
  'tincan-launch-unsupported': {
    severity: 'error',
    message: {
      id: (d) => `Halaman peluncuran ${q(d.url)} (aktivitas ${q(d.activity)}) ${say(urlProblems, d.reason, 'id', d)}.`,
      en: (d) => `Launch page ${q(d.url)} (activity ${q(d.activity)}) ${say(urlProblems, d.reason, 'en', d)}.`,
    },
    hint: {
      id: () => 'Pakai jalur relatif terhadap akar paket (mis. index.html), atau URL https:// lengkap.',
      en: () => 'Use a path relative to the package root (e.g. index.html), or a full https:// URL.',
    },
  },
  'manifest-not-xml': {
    severity: 'error',
    message: { id: (d) => `imsmanifest.xml bukan XML yang sah: ${notXml(d, 'id')}`, en: (d) => `imsmanifest.xml is not well-formed XML: ${notXml(d, 'en')}` },
    hint: {
      id: () => 'Perbaiki XML di letak yang ditunjukkan (tag yang tidak ditutup, “&” tanpa escape, pengodean yang tidak sesuai pernyataannya).',
      en: () => 'Fix the XML at the place shown (an unclosed tag, an unescaped “&”, an encoding other than the one declared).',
    },
  },
  'xml-doctype': {
    severity: 'error',
    message: {
      id: (d) => `${d.name} memuat deklarasi DOCTYPE; ajar tidak pernah membaca DTD atau entitas, dan LMS yang membacanya dapat dipaksa membuka berkas servernya sendiri (XXE).`,
      en: (d) => `${d.name} has a DOCTYPE declaration; ajar never reads DTDs or entities, and an LMS that does can be made to open its own server files (XXE).`,
    },
    hint: {
      id: () => 'Hapus deklarasi <!DOCTYPE …>: manifest SCORM dan cmi5.xml diperiksa dengan skema XSD, bukan DTD.',
      en: () => 'Remove the <!DOCTYPE …> declaration: SCORM manifests and cmi5.xml are checked against XSD schemas, never a DTD.',
    },
  },
  'xml-encoding': {
    severity: 'error',
    message: {
      id: (d) =>
        d.problem === 'unknown-encoding'
          ? `${d.name} menyatakan pengodean ${q(d.encoding)} yang tidak dapat dibaca ajar; berkas dibaca sebagai UTF-8.`
          : `${d.name} bukan ${d.encoding} yang sah: ada bita yang bukan karakter pengodean itu.`,
      en: (d) =>
        d.problem === 'unknown-encoding'
          ? `${d.name} declares the encoding ${q(d.encoding)}, which ajar cannot read; it was read as UTF-8.`
          : `${d.name} is not valid ${d.encoding}: some bytes are not characters of that encoding.`,
    },
    hint: {
      id: () => 'Simpan sebagai UTF-8 (dengan <?xml version="1.0" encoding="UTF-8"?>), atau nyatakan pengodean yang benar-benar dipakai.',
      en: () => 'Save it as UTF-8 (with <?xml version="1.0" encoding="UTF-8"?>), or declare the encoding it really uses.',
    },
  },
  'manifest-too-deep': {
    severity: 'error',
    message: {
      id: (d) => `imsmanifest.xml menyarangkan elemen lebih dari ${d.limit} tingkat.`,
      en: (d) => `imsmanifest.xml nests elements more than ${d.limit} deep.`,
    },
    hint: {
      id: () => 'Kursus nyata menyarangkan <item> beberapa tingkat saja; manifest sedalam ini rusak atau dibuat untuk menjatuhkan LMS.',
      en: () => 'Real courses nest <item>s a few levels deep; a manifest this deep is broken or made to crash LMSs.',
    },
  },
  'manifest-invalid': {
    severity: 'error',
    message: {
      id: (d) => `imsmanifest.xml tidak sah menurut skema resmi ${d.formatName}: ${d.detail}`,
      en: (d) => `imsmanifest.xml is not valid against the official ${d.formatName} schemas: ${d.detail}`,
    },
    hint: {
      id: () => 'Sesuaikan elemen di letak yang ditunjukkan dengan skema (urutan elemen, nama, namespace, panjang teks).',
      en: () => 'Make the element at the place shown match the schema (element order, names, namespaces, text length).',
    },
  },
  'scorm-version-unknown': {
    severity: 'error',
    message: {
      id: (d) => `Versi SCORM paket tidak dikenali (namespace akar ${q(d.element === undefined ? d.namespace : `(${d.element})`)}).`,
      en: (d) => `The package's SCORM version is not recognised (root namespace ${q(d.element === undefined ? d.namespace : `(${d.element})`)}).`,
    },
    hint: {
      id: () => 'SCORM 1.2 memakai namespace http://www.imsproject.org/xsd/imscp_rootv1p1p2; SCORM 2004 memakai http://www.imsglobal.org/xsd/imscp_v1p1.',
      en: () => 'SCORM 1.2 uses the namespace http://www.imsproject.org/xsd/imscp_rootv1p1p2; SCORM 2004 uses http://www.imsglobal.org/xsd/imscp_v1p1.',
    },
  },
  'scorm-version-mismatch': {
    severity: 'error',
    message: {
      id: (d) =>
        d.spelling
          ? `Versi SCORM tidak konsisten: ${versionWhat(d)} adalah ejaan ${versionClaim(d, 'id')}, sedangkan namespace manifest adalah ${say(scormVersions, d.version, 'id', d)}.`
          : `Versi SCORM tidak konsisten: ${versionWhat(d)} menyatakan ${versionClaim(d, 'id')}, sedangkan namespace manifest adalah ${say(scormVersions, d.version, 'id', d)}.`,
      en: (d) =>
        d.spelling
          ? `Inconsistent SCORM version: ${versionWhat(d)} is the ${versionClaim(d, 'en')} spelling, but the manifest's namespaces are ${say(scormVersions, d.version, 'en', d)}.`
          : `Inconsistent SCORM version: ${versionWhat(d)} says ${versionClaim(d, 'en')}, but the manifest's namespaces are ${say(scormVersions, d.version, 'en', d)}.`,
    },
    hint: {
      id: () => 'Gunakan schemaversion, namespace adlcp, dan nama atribut (1.2: adlcp:scormtype; 2004: adlcp:scormType) dari satu versi SCORM yang sama.',
      en: () => 'Use the schemaversion, adlcp namespace and attribute names (1.2: adlcp:scormtype; 2004: adlcp:scormType) of one SCORM version.',
    },
  },
  'scorm-version-undeclared': {
    severity: 'warning',
    message: { id: () => 'Manifest tidak menyatakan <schemaversion>.', en: () => 'The manifest declares no <schemaversion>.' },
    hint: {
      id: (d) => `Tambahkan <metadata><schema>ADL SCORM</schema><schemaversion>${d.expected}</schemaversion></metadata>.`,
      en: (d) => `Add <metadata><schema>ADL SCORM</schema><schemaversion>${d.expected}</schemaversion></metadata>.`,
    },
  },
  'package-name-version': {
    severity: 'warning',
    message: {
      id: (d) => `Nama berkas paket menyebut ${d.named}, tetapi isinya ${d.actual}.`,
      en: (d) => `The package's file name says ${d.named}, but it contains ${d.actual}.`,
    },
    hint: { id: () => 'Ganti nama berkasnya agar LMS dan admin tidak keliru memilih.', en: () => 'Rename the file so LMS admins do not pick the wrong one.' },
  },
  'manifest-bad-reference': {
    severity: 'error',
    message: {
      id: (d) => `${d.attribute} ${q(d.ref)} tidak merujuk ke ${say(manifestParts, d.kind, 'id', d)} mana pun di manifest.`,
      en: (d) => `${d.attribute} ${q(d.ref)} refers to no ${say(manifestParts, d.kind, 'en', d)} in the manifest.`,
    },
    hint: { id: (d) => `Pengenal yang ada: ${d.known || '(tidak ada)'}.`, en: (d) => `Identifiers present: ${d.known || '(none)'}.` },
  },
  'manifest-file-missing': {
    severity: 'error',
    message: {
      id: (d) => `Berkas ${q(d.target)} tercantum di manifest tetapi tidak ada di paket.`,
      en: (d) => `File ${q(d.target)} is listed in the manifest but not in the package.`,
    },
    hint: {
      id: (d) => (d.suggestion ? `Ada ${q(d.suggestion)} (huruf besar/kecil berbeda; server LMS membedakannya).` : 'Tambahkan berkas itu ke zip atau hapus elemen <file> ini.'),
      en: (d) => (d.suggestion ? `There is ${q(d.suggestion)} (case differs, and LMS servers care).` : 'Add the file to the zip or remove this <file> element.'),
    },
  },
  'launch-file-missing': {
    severity: 'error',
    message: {
      id: (d) => `Halaman peluncuran ${q(d.target)} (resource ${q(d.resource)}) tidak ada di paket.`,
      en: (d) => `Launch page ${q(d.target)} (resource ${q(d.resource)}) is not in the package.`,
    },
    hint: {
      id: () => 'Atribut href pada <resource> harus menunjuk ke berkas HTML di dalam zip, relatif terhadap akar.',
      en: () => 'The href of the <resource> must point at an HTML file inside the zip, relative to its root.',
    },
  },
  'launch-url-absolute': {
    severity: 'error',
    message: {
      id: (d) => `Resource ${q(d.resource)} diluncurkan dari URL absolut ${q(d.url)}, bukan dari berkas di dalam paket.`,
      en: (d) => `Resource ${q(d.resource)} launches an absolute URL, ${q(d.url)}, not a file inside the package.`,
    },
    hint: {
      id: () => 'SCO di server lain tidak dapat menemukan API SCORM milik LMS (asal berbeda). Masukkan halamannya ke paket dan tulis href relatif.',
      en: () => 'A SCO on another server cannot find the LMS’s SCORM API (different origin). Put the page in the package and write a relative href.',
    },
  },
  'adl-scormtype-missing': {
    severity: 'error',
    message: {
      id: (d) => `Resource ${q(d.resource)} tidak memiliki ${d.attribute}.`,
      en: (d) => `Resource ${q(d.resource)} has no ${d.attribute}.`,
    },
    hint: {
      id: (d) => `Tambahkan ${d.attribute}="sco" (halaman yang memanggil API SCORM) atau "asset": tanpanya Moodle memperlakukan SCO sebagai aset yang tidak dilacak.`,
      en: (d) => `Add ${d.attribute}="sco" (a page that calls the SCORM API) or "asset": without it Moodle treats the SCO as an untracked asset.`,
    },
  },
  'adl-identifierref-on-parent': {
    severity: 'error',
    message: {
      id: (d) => `Item ${q(d.item)} memiliki item anak dan juga identifierref ${q(d.ref)}; hanya item daun yang boleh merujuk ke resource.`,
      en: (d) => `Item ${q(d.item)} has child items and also identifierref ${q(d.ref)}; only leaf items may refer to a resource.`,
    },
    hint: {
      id: () => 'Pindahkan identifierref ke item anak baru: LMS tidak pernah meluncurkan item induk (cluster).',
      en: () => 'Move the identifierref to a new child item: LMSs never launch a parent item (a cluster).',
    },
  },
  'adl-href-syntax': {
    severity: 'error',
    message: {
      id: (d) => `${d.attribute} ${q(d.value)} ${say(hrefProblems, d.problem, 'id', d)}.`,
      en: (d) => `${d.attribute} ${q(d.value)} ${say(hrefProblems, d.problem, 'en', d)}.`,
    },
    hint: {
      id: () => 'href dan xml:base adalah jalur relatif terhadap akar paket, dipisah “/”; xml:base diakhiri “/” agar href bergabung dengannya.',
      en: () => 'href and xml:base are paths relative to the package root, separated by “/”; xml:base ends with “/” so that hrefs join onto it.',
    },
  },
  'adl-sequencing-ref': {
    severity: 'error',
    message: {
      id: (d) => `IDRef ${q(d.ref)} tidak merujuk ke sequencing mana pun di sequencingCollection.`,
      en: (d) => `IDRef ${q(d.ref)} refers to no sequencing in the sequencingCollection.`,
    },
    hint: { id: (d) => `ID yang ada: ${d.known || '(tidak ada)'}.`, en: (d) => `IDs present: ${d.known || '(none)'}.` },
  },
  // A warning: ADL's own conformance packages (OB-02a, OB-12a) reference objectives that exist nowhere, and the
  // sequencer then treats the condition as unknown; the package still imports and plays.
  'adl-objective-ref': {
    severity: 'warning',
    message: {
      id: (d) => `${d.attribute} ${q(d.ref)} tidak merujuk ke tujuan (objective) aktivitas ini.`,
      en: (d) => `${d.attribute} ${q(d.ref)} refers to no objective of this activity.`,
    },
    hint: { id: (d) => `objectiveID yang ada: ${d.known || '(tidak ada)'}.`, en: (d) => `objectiveIDs present: ${d.known || '(none)'}.` },
  },
  'adl-schema-file-missing': {
    severity: 'error',
    message: {
      id: (d) => `Skema ${q(d.target)} (untuk ${d.namespace}) dirujuk xsi:schemaLocation tetapi tidak ada di paket.`,
      en: (d) => `Schema ${q(d.target)} (for ${d.namespace}) is named in xsi:schemaLocation but not in the package.`,
    },
    hint: {
      id: () => 'Sertakan berkas XSD yang dirujuk di akar paket (ajar build melakukannya), atau hapus pasangan itu dari xsi:schemaLocation.',
      en: () => 'Include the XSD files it names at the package root (ajar build does), or remove the pair from xsi:schemaLocation.',
    },
  },
  'no-launch': {
    severity: 'error',
    message: {
      id: () => 'Tidak ada item di organisasi bawaan yang merujuk ke resource dengan href: LMS tidak punya apa pun untuk diluncurkan.',
      en: () => 'No item of the default organization refers to a resource with an href: the LMS has nothing to launch.',
    },
    hint: {
      id: () => 'Tambahkan <item identifierref="…"> yang merujuk ke <resource href="index.html" …>.',
      en: () => 'Add an <item identifierref="…"> that refers to a <resource href="index.html" …>.',
    },
  },
  'package-file-unlisted': {
    severity: 'warning',
    message: {
      id: (d) => `Berkas ${q(d.entry)} ada di paket tetapi tidak tercantum di resource mana pun.`,
      en: (d) => `File ${q(d.entry)} is in the package but listed in no resource.`,
    },
    hint: {
      id: () => 'Cantumkan dengan <file href="…"/> pada resource yang memakainya, atau hapus dari zip.',
      en: () => 'List it with <file href="…"/> in the resource that uses it, or remove it from the zip.',
    },
  },
  'findings-repeated': {
    severity: 'warning',
    message: {
      id: (d) => `${d.total} temuan ${d.rule}: ${d.count} tidak ditampilkan satu per satu${Number(d.examples) > 0 ? `, mis. ${examplesOf(d)}` : ''}.`,
      en: (d) => `${d.total} ${d.rule} findings in all: ${d.count} not shown one by one${Number(d.examples) > 0 ? `, such as ${examplesOf(d)}` : ''}.`,
    },
    hint: {
      id: () => 'Semua temuan tercantum dengan --format json.',
      en: () => 'Every finding is listed with --format json.',
    },
  },
  'package-not-found': {
    severity: 'error',
    message: { id: (d) => `Berkas paket ${q(d.path)} tidak ada atau bukan berkas.`, en: (d) => `Package file ${q(d.path)} does not exist or is not a file.` },
    hint: {
      id: () => 'Berikan jalur berkas .zip, mis. `ajar verify dist/kursus-1.0.0-scorm12.zip`.',
      en: () => 'Give the path of a .zip file, e.g. `ajar verify dist/course-1.0.0-scorm12.zip`.',
    },
  },
}, {
  reason: { ...unreadableZips, ...unsafePaths, ...entryDamage, ...urlProblems },
  via: entrySources,
  how: hidingPlaces,
  kind: manifestParts,
  claimed: scormVersions,
  version: scormVersions,
  problem: { ...xmlProblems, ...hrefProblems },
});
