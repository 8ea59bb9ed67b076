// Diagnostics raised by the shared source readers: schema validation of front matter, ajar.yaml and
// bank/quiz settings, wherever it runs.

import { definePhrases, defineRules, say } from '../diagnostics/rules.js';

const q = (s: string | number | undefined) => `“${s ?? ''}”`;

/** JSON Schema type names (ajv's `type` list, comma-separated in `types`). */
const typeNames: Record<string, [id: string, en: string]> = {
  string: ['teks', 'a text'],
  number: ['angka', 'a number'],
  integer: ['bilangan bulat', 'a whole number'],
  boolean: ['true atau false', 'true or false'],
  array: ['daftar', 'a list'],
  object: ['pemetaan kunci: nilai', 'a mapping of keys to values'],
  null: ['kosong (null)', 'empty (null)'],
};
const types = (list: string | number | undefined, lang: 'id' | 'en') =>
  String(list ?? '')
    .split(',')
    .map((t) => typeNames[t]?.[lang === 'id' ? 0 : 1] ?? t)
    .join(lang === 'id' ? ' atau ' : ' or ');

/**
 * What `invalid-value` says a value should be: `expected` is one of these codes, with its parameters
 * (`values`, `types`, `limit`, `pattern`, `format`). The last group are values a schema describes with
 * `'x-expected': code` (its `description` stays for editors).
 */
export const expectedValues = definePhrases({
  'one-of': { id: (d) => `salah satu dari ${d.values}`, en: (d) => `one of ${d.values}` },
  type: { id: (d) => types(d.types, 'id'), en: (d) => types(d.types, 'en') },
  minimum: { id: (d) => `angka ≥ ${d.limit}`, en: (d) => `a number ≥ ${d.limit}` },
  'greater-than': { id: (d) => `angka > ${d.limit}`, en: (d) => `a number > ${d.limit}` },
  maximum: { id: (d) => `angka ≤ ${d.limit}`, en: (d) => `a number ≤ ${d.limit}` },
  'less-than': { id: (d) => `angka < ${d.limit}`, en: (d) => `a number < ${d.limit}` },
  'non-empty': { id: () => 'teks yang tidak kosong', en: () => 'a non-empty text' },
  'max-length': { id: (d) => `teks paling panjang ${d.limit} karakter`, en: (d) => `a text of at most ${d.limit} characters` },
  pattern: { id: (d) => `teks yang cocok dengan ${d.pattern}`, en: (d) => `text matching ${d.pattern}` },
  'min-items': { id: (d) => `daftar dengan sedikitnya ${d.limit} butir`, en: (d) => `a list of at least ${d.limit} item${d.limit === 1 ? '' : 's'}` },
  'max-items': { id: (d) => `daftar dengan paling banyak ${d.limit} butir`, en: (d) => `a list of at most ${d.limit} item${d.limit === 1 ? '' : 's'}` },
  'unique-items': { id: () => 'daftar tanpa butir ganda', en: () => 'a list without repeated items' },
  format: { id: (d) => `format ${d.format}`, en: (d) => `${d.format} format` },
  valid: { id: () => 'nilai yang sah; lihat docs/source-format.md', en: () => 'a valid value; see docs/source-format.md' },
  'ajar-id': { id: () => 'huruf, angka, “.”, “_” dan “-”, diawali huruf atau angka', en: () => 'letters, digits, “.”, “_” and “-”, starting with a letter or digit' },
  tag: { id: () => 'tag tanpa spasi', en: () => 'a tag without spaces' },
  'http-url': { id: () => 'URL http(s)', en: () => 'an http(s) URL' },
  bitrate: { id: () => 'bit per detik: 230000, "230k" atau "1.6M"', en: () => 'bits per second: 230000, "230k" or "1.6M"' },
  'env-reference': {
    id: () => 'rujukan variabel lingkungan seperti ${AJAR_S3_SECRET}; rahasia yang ditulis langsung ditolak',
    en: () => 'an environment variable reference such as ${AJAR_S3_SECRET}; literal secrets are refused',
  },
});
export type ExpectedValue = keyof typeof expectedValues;

export const rules = defineRules({
  'unknown-key': {
    severity: 'error',
    message: { id: (d) => `Kunci ${q(d.key)} tidak dikenal.`, en: (d) => `Unknown key ${q(d.key)}.` },
    hint: {
      id: (d) => (d.suggestion ? `Mungkin maksud Anda ${q(d.suggestion)}?` : `Kunci yang dikenal: ${d.known}.`),
      en: (d) => (d.suggestion ? `Did you mean ${q(d.suggestion)}?` : `Known keys: ${d.known}.`),
    },
  },
  'missing-key': {
    severity: 'error',
    message: { id: (d) => `Kunci wajib ${q(d.key)} belum diisi.`, en: (d) => `Required key ${q(d.key)} is missing.` },
    hint: { id: (d) => `Tambahkan \`${d.leaf ?? d.key}: …\` di sini.`, en: (d) => `Add \`${d.leaf ?? d.key}: …\` here.` },
  },
  'invalid-value': {
    severity: 'error',
    message: {
      // No key: the front matter as a whole.
      id: (d) => `${d.key ? `Nilai ${q(d.key)}` : 'Front matter'} tidak sah: seharusnya ${say(expectedValues, d.expected, 'id', d)}.`,
      en: (d) => `Invalid ${d.key ? `value for ${q(d.key)}` : 'front matter'}: expected ${say(expectedValues, d.expected, 'en', d)}.`,
    },
    hint: {
      id: (d) => (d.suggestion ? `Mungkin maksud Anda ${q(d.suggestion)}?` : d.quote ? 'Apit nilainya dengan tanda kutip agar dibaca sebagai teks, misalnya "1.10".' : 'Perbaiki nilainya sesuai keterangan di atas; lihat docs/source-format.md.'),
      en: (d) => (d.suggestion ? `Did you mean ${q(d.suggestion)}?` : d.quote ? 'Put the value in quotes so that it is read as text, e.g. "1.10".' : 'Fix the value as described; see docs/source-format.md.'),
    },
  },
}, { expected: expectedValues });
