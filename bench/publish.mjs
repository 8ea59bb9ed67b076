#!/usr/bin/env node
// `ajar publish` to a tus server on loopback, as ratios against a baseline measured in the same run: the
// raw tus-js-client upload of the same package with the same chunk size. Compared with it: the whole
// command as a user runs it (process start, config, verify, sha256, upload, state file), a re-publish of
// the unchanged package (nothing sent), and a resume after the server cut the upload halfway (bytes sent).
// Needs `npm run build` first (runs bin/ajar.js).  Usage: node bench/publish.mjs [MiB=64]

import { spawn, execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';
import * as tus from 'tus-js-client';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(repoRoot, 'bin/ajar.js');
const mib = Number(process.argv[2] ?? 64);
const chunkSize = 2 * 1024 * 1024;
const work = mkdtempSync(path.join(os.tmpdir(), 'ajar-bench-publish '));

// A real package: a course from `ajar init` whose slides are `mib` MiB, built as SCORM 1.2.
execFileSync(process.execPath, [bin, 'init', path.join(work, 'kursus')], { stdio: 'ignore' });
writeFileSync(path.join(work, 'kursus/media/slide-contoh.pdf'), Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(mib * 1024 * 1024)]));
execFileSync(process.execPath, [bin, 'build', path.join(work, 'kursus'), '--no-media', '--format', 'scorm12'], { stdio: 'ignore' });
const dist = path.join(work, 'kursus/dist');
const pkg = path.join(dist, readdirSync(dist).find((f) => f.endsWith('.zip')));
const size = statSync(pkg).size;

// The tus server, with a switch that cuts the connection at the n-th PATCH.
const store = path.join(work, 'store');
const tusServer = new Server({ path: '/files', datastore: new FileStore({ directory: store }), maxSize: 4 * 1024 ** 3 });
let received = 0;
let cutAt = 0;
const handler = (req, res) => {
  if (req.method === 'PATCH') {
    if (cutAt && --cutAt === 0) {
      req.socket.destroy();
      return;
    }
    // Counted from the header: listening to the body here would take it from the tus server.
    received += Number(req.headers['content-length'] ?? 0);
  }
  tusServer.handle(req, res);
};
const server = http.createServer(handler);
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const endpoint = `http://127.0.0.1:${server.address().port}/files`;
writeFileSync(
  path.join(work, 'kursus/ajar.yaml'),
  `build:\n  formats: [scorm12]\npublish:\n  targets:\n    mooc:\n      type: tus\n      endpoint: ${endpoint}\n      chunkSize: ${chunkSize}\n      retries: 0\n`,
);

const cli = (args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: path.join(work, 'kursus'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('close', (code) => resolve({ code, out }));
  });
const timed = async (fn) => {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
};

const baseline = await timed(
  () =>
    new Promise((resolve, reject) => {
      const upload = new tus.Upload(createReadStream(pkg), { endpoint, chunkSize, metadata: { filename: path.basename(pkg) }, onError: reject, onSuccess: resolve });
      upload.start();
    }),
);
rmSync(store, { recursive: true, force: true });

received = 0;
const full = await timed(() => cli(['publish', 'dist', '--target', 'mooc']));
if (full.value.code !== 0) throw new Error(full.value.out);
const fullBytes = received;

received = 0;
const again = await timed(() => cli(['publish', 'dist', '--target', 'mooc']));
if (again.value.code !== 0 || !again.value.out.includes('Nothing to send')) throw new Error(again.value.out);
const againBytes = received;

// A new upload cut halfway (the first run fails), then resumed by the next run.
rmSync(path.join(work, 'kursus/.ajar'), { recursive: true, force: true });
cutAt = Math.ceil(size / chunkSize / 2) + 1;
received = 0;
const cut = await cli(['publish', 'dist', '--target', 'mooc']);
if (cut.code !== 1) throw new Error(`expected the cut run to fail:\n${cut.out}`);
const cutBytes = received;
received = 0;
const resume = await timed(() => cli(['publish', 'dist', '--target', 'mooc']));
if (resume.value.code !== 0) throw new Error(resume.value.out);
const resumeBytes = received;
server.close();

const MB = (b) => (b / 1024 / 1024).toFixed(1);
const rows = [
  ['raw tus-js-client upload (baseline)', baseline.ms, size],
  ['ajar publish (process, verify, sha256, upload)', full.ms, fullBytes],
  ['ajar publish again, unchanged (nothing sent)', again.ms, againBytes],
  ['ajar publish resuming a half-cut upload', resume.ms, resumeBytes],
];
console.log(`\nPackage: ${path.basename(pkg)}, ${MB(size)} MiB; chunk ${MB(chunkSize)} MiB; tus on loopback; ${os.cpus().length} cores`);
console.log('| run | ms | × baseline | MiB sent |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, ms, bytes] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / baseline.ms).toFixed(2)} | ${MB(bytes)} |`);
console.log(`\nThe cut run had sent ${MB(cutBytes)} MiB before the server went away; the resume sent ${MB(resumeBytes)} MiB of ${MB(size)}.`);
rmSync(work, { recursive: true, force: true });
