#!/usr/bin/env node
// The media stage on a generated 1080p clip, as ratios against a baseline measured in the same run:
// the raw ffmpeg command line that writes the same ladder in one process. Compared with it: ajar's
// single-decode runner, one ffmpeg process per rung (a decode per rung), a whole cold job (hash, probe,
// loudness pass, encode, MP4 remux, poster) and a cache hit. Then bytes per 10 minutes for each rendition.
// Needs `npm run build` first (imports lib/).  Usage: node bench/media.mjs [seconds=20] [preset=medium]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const lib = process.env.AJAR_LIB ? path.resolve(process.env.AJAR_LIB) : path.join(repoRoot, 'lib');
const { detectToolchain, runFfmpeg } = await import(path.join(lib, 'media/ffmpeg.js'));
const { planVideo } = await import(path.join(lib, 'media/ladder.js'));
const { probe } = await import(path.join(lib, 'media/probe.js'));
const { mediaDefaults } = await import(path.join(lib, 'media/config-schema.js'));
const { videoJobSettings } = await import(path.join(lib, 'media/plan.js'));
const { runMediaSources } = await import(path.join(lib, 'media/run.js'));

const seconds = Number(process.argv[2] ?? 20);
const preset = process.argv[3] ?? 'medium';
const settings = { ...mediaDefaults, preset, concurrency: 1 };
const work = mkdtempSync(path.join(os.tmpdir(), 'ajar-bench-media '));
const course = path.join(work, 'kursus');
const source = path.join(course, 'video', 'master 1080p.mp4');
mkdirSync(path.dirname(source), { recursive: true });

// A studio-like master: moving pattern with grain (so the encoder has real work), speech-like noise.
execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-y',
  '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=25:duration=${seconds},noise=alls=12:allf=t`,
  '-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.1:duration=${seconds}:sample_rate=48000`,
  '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k', source]);

const tool = await detectToolchain();
const probed = await probe(tool, source);
if (!probed.ok) throw new Error(probed.detail);
const info = probed.info;
const jobSettings = videoJobSettings(settings);
const cores = os.availableParallelism();

const time = async (f) => {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e9;
};
const fresh = (name) => {
  const dir = path.join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
};
const must = (r) => {
  if (!r.ok) throw new Error(r.detail);
};

// 1. Baseline: the same single-process command line, run straight (no progress parsing, no runner).
const rawDir = fresh('raw');
const rawArgs = planVideo(source, rawDir, info, jobSettings, undefined).encodeArgs;
const raw = await time(() => execFileSync(tool.ffmpeg, ['-hide_banner', '-v', 'error', '-nostdin', '-y', ...rawArgs]));

// 2. ajar's runner on the same command (progress parsed from -progress pipe:1).
const singleDir = fresh('single');
const single = await time(async () => must(await runFfmpeg(tool, ['-v', 'error', ...planVideo(source, singleDir, info, jobSettings, undefined).encodeArgs])));

// 3. One process per rung: every rung decodes the source again (plus one for the audio-only file).
const perRungDir = fresh('per-rung');
const full = planVideo(source, perRungDir, info, jobSettings, undefined);
const perRung = await time(async () => {
  for (const rung of full.rungs) {
    const one = { ...jobSettings, ladder: [{ height: rung.height, videoBitrate: rung.videoBitrate }], poster: false, mp4Fallback: [] };
    const dir = path.join(perRungDir, rung.name);
    mkdirSync(dir, { recursive: true });
    let args = planVideo(source, dir, info, one, undefined).encodeArgs;
    if (rung !== full.rungs[0]) {
      // The audio-only file is made once, by the first process: drop its branch and output from the others.
      args = args.slice(0, args.lastIndexOf('-map')).map((a) => a.replace(',asplit=2[a0][aonly]', ',anull[a0]'));
    }
    must(await runFfmpeg(tool, ['-v', 'error', ...args]));
  }
});

// 4. A whole cold job, and 5. the cache hit that follows.
const cacheDir = path.join(work, 'cache');
const sources = [{ path: 'video/master 1080p.mp4', kind: 'video' }];
let result;
const cold = await time(async () => {
  result = await runMediaSources(sources, settings, { courseDir: course, cacheDir });
});
if (result.diagnostics.length) throw new Error(JSON.stringify(result.diagnostics));
let hit;
const warm = await time(async () => {
  hit = await runMediaSources(sources, settings, { courseDir: course, cacheDir });
});
if (hit.made !== 0) throw new Error('cache miss on the second run');

const rows = [
  ['raw ffmpeg command line, one process (baseline)', raw],
  ['ajar single-decode ladder (same command, runner + progress)', single],
  [`one ffmpeg process per rung (${full.rungs.length} decodes)`, perRung],
  ['ajar whole job, cold (hash, probe, loudness pass 1, encode, remux, poster)', cold],
  ['ajar whole job, cache hit (hash + entry check)', warm],
];
console.log(`\nMedia bench: ${seconds} s 1080p25 master, libx264 preset ${preset}, ${cores} cores, ffmpeg ${tool.version}\n`);
console.log('| run | seconds | × baseline | × real time |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, s] of rows) console.log(`| ${name} | ${s.toFixed(2)} | ${(s / raw).toFixed(2)} | ${(s / seconds).toFixed(2)} |`);

const entry = result.index.get(sources[0].path);
const per10min = (bytes) => ((bytes / entry.durationSeconds) * 600) / 1e6;
console.log('\n| rendition | kbit/s (measured) | MB per 10 minutes |');
console.log('| --- | ---: | ---: |');
for (const r of entry.renditions) {
  if (r.kind === 'hls-variant') {
    const dir = r.path.split('/')[0];
    const bytes = entry.renditions.filter((x) => x.path.startsWith(dir + '/') && x.kind === 'segment').reduce((s, x) => s + x.bytes, 0);
    console.log(`| HLS ${dir} (${r.width}×${r.height}) | ${(r.bitrate / 1000).toFixed(0)} | ${per10min(bytes).toFixed(1)} |`);
  } else if (r.kind === 'mp4' || r.kind === 'audio') {
    console.log(`| ${r.kind === 'mp4' ? `MP4 fallback ${r.path}` : 'audio only (AAC mono)'} | ${(r.bitrate / 1000).toFixed(0)} | ${per10min(r.bytes).toFixed(1)} |`);
  }
}
console.log(`\nsingle-decode vs one process per rung: ${(perRung / single).toFixed(2)}× faster; cache hit is ${(cold / warm).toFixed(0)}× faster than a cold job.`);
rmSync(work, { recursive: true, force: true });
