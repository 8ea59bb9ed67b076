// `ajar verify` on a 5,000-file SCORM package and on a 100,000-entry zip: wall time and peak memory (max RSS,
// each run its own process, measured by /usr/bin/time), as ratios against baselines measured in the same run on
// the same zips: reading every entry with yauzl (inflating it to nowhere) and `unzip -t` (Info-ZIP's test,
// which inflates and CRC-checks every entry). Verify does more than either — XSD validation by xmllint, the
// manifest's checks, every local header and name — so the ratios say what that costs.
// Run after `npm run build`:  node bench/verify.mjs [files] [entries]

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { crc32, deflateRawSync } from 'node:zlib';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const self = fileURLToPath(import.meta.url);

// Child mode: `node bench/verify.mjs --run verify|yauzl <zip>` does the one job whose process is measured.
if (process.argv[2] === '--run') {
  const [, , , job, file] = process.argv;
  if (job === 'verify') {
    const { verifyPackageReport } = await import(path.join(repoRoot, 'lib/verify/index.js'));
    const report = await verifyPackageReport(file);
    console.log(JSON.stringify({ findings: report.diagnostics.length, errors: report.diagnostics.filter((d) => d.severity === 'error').length }));
  } else {
    const { default: yauzl } = await import('yauzl');
    await new Promise((resolve, reject) => {
      yauzl.open(file, { lazyEntries: true }, (error, zip) => {
        if (error) return reject(error);
        zip.on('entry', (entry) => {
          if (entry.fileName.endsWith('/')) return zip.readEntry();
          zip.openReadStream(entry, (err, stream) => {
            if (err) return reject(err);
            stream.on('end', () => zip.readEntry()).resume();
          });
        });
        zip.on('end', resolve);
        zip.readEntry();
      });
    });
    console.log('{}');
  }
  process.exit(0);
}

/** A plain zip (deflated entries, UTF-8 names), written in memory: the bench needs no zip tool to make one. */
function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const raw = Buffer.from(data);
    const body = deflateRawSync(raw);
    const nameBytes = Buffer.from(name);
    const crc = crc32(raw) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE((3 << 8) | 20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x800, 8);
    record.writeUInt16LE(8, 10);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(body.length, 20);
    record.writeUInt32LE(raw.length, 24);
    record.writeUInt16LE(nameBytes.length, 28);
    record.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    record.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, body);
    central.push(record, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = Math.min(entries.length, 0xffff);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  if (entries.length > 0xffff) throw new Error('bench zip: use fewer than 65,535 entries per zip, or zip64');
  return Buffer.concat([...parts, directory, end]);
}

function manifest12(files) {
  const list = files.map((f) => `      <file href="${f}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="ajar.bench" version="1.0.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG"><organization identifier="ORG"><title>Kursus Uji Kinerja</title>
    <item identifier="ITEM" identifierref="RES"><title>Materi</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="RES" type="webcontent" adlcp:scormtype="sco" href="index.html">
${list}
    </resource>
  </resources>
</manifest>
`;
}

const page = (i) => `<!doctype html><html lang="id"><title>Bagian ${i}</title><p>${'Moderasi beragama bagi aparatur sipil negara. '.repeat(40)}</p>\n`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar bench verify '));
const filesCount = Number(process.argv[2] ?? 5000);
const entriesCount = Number(process.argv[3] ?? 100_000);

// 1. A SCORM 1.2 package of 5,000 files, every one listed.
const pageNames = Array.from({ length: filesCount - 1 }, (_, i) => `materi/bab-${Math.floor(i / 100)}/bagian-${i}.html`);
const packageZip = path.join(dir, 'lima-ribu-scorm12.zip');
writeFileSync(packageZip, zip([{ name: 'imsmanifest.xml', data: manifest12(['index.html', ...pageNames]) }, { name: 'index.html', data: page('awal') }, ...pageNames.map((name, i) => ({ name, data: page(i) }))].slice(0, filesCount + 1)));

// 2. A zip of 100,000 entries: past 65,535 it needs zip64 records, so Info-ZIP's `zip` writes it from a folder
//    tree. Its manifest lists only index.html: the other 99,998 files are each a package-file-unlisted warning.
const manyDir = path.join(dir, 'banyak');
const manyZip = path.join(dir, 'seratus-ribu-scorm12.zip');
{
  const { mkdirSync } = await import('node:fs');
  mkdirSync(manyDir);
  writeFileSync(path.join(manyDir, 'imsmanifest.xml'), manifest12(['index.html']));
  writeFileSync(path.join(manyDir, 'index.html'), page('awal'));
  for (let folder = 0; folder * 1000 < entriesCount - 2; folder++) {
    const sub = path.join(manyDir, 'berkas', String(folder));
    mkdirSync(sub, { recursive: true });
    for (let i = folder * 1000; i < Math.min((folder + 1) * 1000, entriesCount - 2); i++) writeFileSync(path.join(sub, `${i}.txt`), `catatan ${i}\n`);
  }
  // Folders are entries too: -D leaves them out so the count is the files'.
  execFileSync('zip', ['-q', '-r', '-D', manyZip, '.'], { cwd: manyDir });
}

function measure(command, args) {
  try {
    execFileSync('/usr/bin/time', ['-f', 'TIME %e %M', '-o', path.join(dir, 'time.txt'), command, ...args], { stdio: 'ignore', maxBuffer: 1 << 30 });
  } catch {
    // unzip -t and verify exit 1 on findings: the time is still written.
  }
  const [, seconds, kib] = /TIME ([\d.]+) (\d+)/.exec(execFileSync('cat', [path.join(dir, 'time.txt')], { encoding: 'utf8' }));
  return { ms: Number(seconds) * 1000, mib: Number(kib) / 1024 };
}

const node = process.execPath;
const rows = [['zip', 'entries', 'ajar verify', 'yauzl read-all', 'verify ÷ yauzl', 'unzip -t', 'verify ÷ unzip -t', 'verify peak', 'yauzl peak', 'unzip -t peak', 'findings']];
for (const [label, file, entries] of [
  [`${filesCount.toLocaleString('en')}-file package`, packageZip, filesCount + 1],
  [`${entriesCount.toLocaleString('en')}-entry zip`, manyZip, entriesCount],
]) {
  const verify = measure(node, [self, '--run', 'verify', file]);
  const yauzl = measure(node, [self, '--run', 'yauzl', file]);
  const unzip = measure('unzip', ['-tqq', file]);
  const findings = JSON.parse(execFileSync(node, [self, '--run', 'verify', file], { encoding: 'utf8', maxBuffer: 1 << 30 }));
  rows.push([
    label,
    entries.toLocaleString('en'),
    `${verify.ms.toFixed(0)} ms`,
    `${yauzl.ms.toFixed(0)} ms`,
    `${(verify.ms / yauzl.ms).toFixed(1)}×`,
    `${unzip.ms.toFixed(0)} ms`,
    `${(verify.ms / Math.max(10, unzip.ms)).toFixed(1)}×`,
    `${verify.mib.toFixed(0)} MiB`,
    `${yauzl.mib.toFixed(0)} MiB`,
    `${unzip.mib.toFixed(0)} MiB`,
    `${findings.findings} (${findings.errors} errors)`,
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i])).join('  '));
console.log('\nwall time and peak RSS per process (/usr/bin/time); baselines on the same zips in the same run.');
