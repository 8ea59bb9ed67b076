#!/usr/bin/env node
// Bytes per learner (issue 16): what each rung of ajar's ladder costs per 10 minutes of video and how it
// looks, for three generated 1080p25 masters — slides with narration, a talking head, high motion — with
// the old fixed-bitrate ladder (rate_control: bitrate, 230k … 1.6M, 64k stereo audio) measured in the
// same run as the baseline. Both ladders go through ajar's real media stage (lib/media/run.js: probe,
// two-pass loudnorm, one-decode encode, MP4 remux); quality is SSIM of each rung against the master
// scaled to the rung (ffmpeg's ssim filter; VMAF too when this ffmpeg has libvmaf).
//
// Needs `node scripts/build.mjs` first (imports lib/).
// Usage: node bench/bytes.mjs [--minutes 10] [--only slides,talking,motion] [--preset medium] [--keep]
// Sizes are reported per 10 minutes whatever --minutes is (bytes × 10 / minutes).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const lib = process.env.AJAR_LIB ? path.resolve(process.env.AJAR_LIB) : path.join(repoRoot, 'lib');
const { runMediaSources } = await import(path.join(lib, 'media/run.js'));
const { mediaDefaults, fixedBitrateLadder } = await import(path.join(lib, 'media/config-schema.js'));

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const minutes = Number(opt('minutes', '10'));
const seconds = Math.round(minutes * 60);
const only = opt('only', 'slides,talking,motion').split(',');
const preset = opt('preset', mediaDefaults.preset);
const keep = argv.includes('--keep');
if (!(seconds >= 10)) throw new Error('--minutes must be at least 1/6');

const W = 1920;
const H = 1080;
const FPS = 25;
const work = mkdtempSync(path.join(os.tmpdir(), 'ajar-bench-bytes '));
const course = path.join(work, 'kursus');
mkdirSync(path.join(course, 'video'), { recursive: true });
const ff = (...args) => execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-nostdin', '-y', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
const hasVmaf = /\blibvmaf\b/.test(spawnSync('ffmpeg', ['-hide_banner', '-filters'], { encoding: 'utf8' }).stdout);

// ---- sources ----------------------------------------------------------------------------------------
const font = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'].find(existsSync);
const text = (s, x, y, size, color = '0x1a1a1a') => (font ? `,drawtext=fontfile=${font}:text='${s}':x=${x}:y=${y}:fontsize=${size}:fontcolor=${color}` : '');
// Narration: voiced harmonics on a gliding pitch, syllables at ~3.7 Hz, pauses between phrases, room noise.
const f0 = '(150+25*sin(2*PI*0.7*t))';
const voice = [0.35, 0.25, 0.15, 0.08, 0.05].map((a, k) => `${a}*sin(${2 * [1, 2, 3, 5, 8][k]}*PI*${f0}*t)`).join('+');
const speech = `aevalsrc='(${voice})*max(0,sin(2*PI*3.7*t))*gt(sin(2*PI*0.21*t)+0.3*sin(2*PI*0.53*t),-0.7)':s=48000:d=${seconds}[sp];anoisesrc=color=pink:amplitude=0.02:seed=3:d=${seconds}:r=48000[nz];[sp][nz]amix=inputs=2:normalize=0,volume=0.5[a]`;

function slides() {
  // A deck: a new still slide every 30 s (title bar, five bullet lines, a figure), as screen recordings of lectures are.
  const n = Math.ceil(seconds / 30);
  const palettes = ['0x1f4e79', '0x7b2c2c', '0x2e6b3a', '0x5b3a7a', '0x8a5a00'];
  const parts = [];
  for (let i = 0; i < n; i++) {
    const d = Math.min(30, seconds - i * 30);
    const c = palettes[i % palettes.length];
    parts.push(
      `color=c=0xf7f7f2:s=${W}x${H}:r=${FPS}:d=${d},drawbox=x=0:y=0:w=iw:h=150:color=${c}:t=fill` +
        text(`Modul ${i + 1} - Moderasi Beragama`, 80, 45, 64, 'white') +
        [0, 1, 2, 3, 4].map((k) => text(`- Poin ${k + 1} - nilai kebangsaan dan toleransi ${i + 1}.${k + 1}`, 100, 260 + k * 90, 40)).join('') +
        `,drawbox=x=1260:y=250:w=560:h=420:color=${c}@0.6:t=fill,drawbox=x=1300:y=${300 + (i % 3) * 40}:w=480:h=40:color=white:t=fill,drawbox=x=1320:y=400:w=${120 + 40 * (i % 5)}:h=230:color=${c}:t=fill` +
        text(`${i + 1} / ${n}`, 1760, 1010, 32, '0x666666') +
        `[p${i}]`,
    );
  }
  return { graph: `${parts.join(';')};${parts.map((_, i) => `[p${i}]`).join('')}concat=n=${n}:v=1:a=0,format=yuv420p[v]`, inputs: [] };
}

function talking() {
  // A presenter in front of a static, textured room: a face that sways and talks, a body, camera noise.
  const face = path.join(work, 'face.png');
  const wall = path.join(work, 'wall.png');
  ff('-f', 'lavfi', '-i', 'color=c=0xc89070:s=520x680,format=yuva420p', '-vf', "geq=lum='p(X,Y)':cb='p(X,Y)':cr='p(X,Y)':a='255*lte(pow((X-260)/260,2)+pow((Y-340)/340,2),1)',drawbox=x=150:y=230:w=60:h=30:color=0x302020:t=fill,drawbox=x=310:y=230:w=60:h=30:color=0x302020:t=fill", '-frames:v', '1', face);
  ff('-f', 'lavfi', '-i', 'mandelbrot=s=480x270', '-frames:v', '1', '-vf', `scale=${W}:${H}`, wall);
  const graph =
    `gradients=s=${W}x${H}:r=${FPS}:c0=0x3a4a5a:c1=0x8a9aa0:speed=0.0002:d=${seconds},format=yuv420p,` +
    'drawbox=x=80:y=120:w=420:h=700:color=0x5a4030:t=fill,drawbox=x=110:y=160:w=360:h=18:color=0x2a2018:t=fill,drawbox=x=110:y=400:w=360:h=18:color=0x2a2018:t=fill,' +
    'drawbox=x=130:y=200:w=40:h=190:color=0x8a2a2a:t=fill,drawbox=x=180:y=210:w=30:h=180:color=0x2a5a8a:t=fill,drawbox=x=1500:y=150:w=300:h=220:color=0xe0e0d0:t=fill[bg0];' +
    `[1:v]format=yuv420p,fps=${FPS}[tex];[bg0][tex]blend=all_mode=overlay:all_opacity=0.35:shortest=0[bg];` +
    `color=c=0x203050:s=760x500:r=${FPS}:d=${seconds}[body];[0:v]fps=${FPS}[face];` +
    `[bg][body]overlay=x='580+20*sin(t*0.9)':y=700[b1];[b1][face]overlay=x='700+30*sin(t*0.9)+8*sin(t*2.3)':y='120+10*sin(t*1.4)':shortest=1,` +
    `drawbox=x='900+30*sin(t*0.9)+8*sin(t*2.3)':y='590+10*sin(t*1.4)':w=120:h='20+15*abs(sin(t*9))':color=0x602020:t=fill,noise=alls=10:allf=t,format=yuv420p[v]`;
  return { graph, inputs: ['-loop', '1', '-framerate', String(FPS), '-t', String(seconds), '-i', face, '-loop', '1', '-framerate', String(FPS), '-t', String(seconds), '-i', wall] };
}

function motion() {
  return { graph: `testsrc2=s=${W}x${H}:r=${FPS}:d=${seconds},noise=alls=8:allf=t,format=yuv420p[v]`, inputs: [] };
}

const SOURCES = {
  slides: { label: 'slides + narration', make: slides, cap: '3M', goal: 6 },
  talking: { label: 'talking head', make: talking, cap: '8M', goal: 12 },
  motion: { label: 'high motion', make: motion, cap: '10M' },
};

function makeSource(kind) {
  const file = path.join(course, 'video', `${kind}.mp4`);
  const { graph, inputs } = SOURCES[kind].make();
  // A studio-like master: H.264 at a master's bitrate (capped like a camera or screen recorder), AAC 192k.
  ff(...inputs, '-filter_complex', `${graph};${speech}`, '-map', '[v]', '-map', '[a]', '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-g', '50', '-maxrate', SOURCES[kind].cap, '-bufsize', '16M', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '192k', '-movflags', '+faststart', file);
  return file;
}

// ---- measuring --------------------------------------------------------------------------------------
const dirBytes = (dir) => readdirSync(dir).filter((n) => !n.endsWith('.m3u8')).reduce((s, n) => s + statSync(path.join(dir, n)).size, 0);
const perTen = (bytes) => (bytes * 10) / minutes / 1e6;

async function ladder(kind, settings, cacheName) {
  const started = process.hrtime.bigint();
  const result = await runMediaSources([{ path: `video/${kind}.mp4`, kind: 'video' }], { ...settings, preset, concurrency: 1 }, { courseDir: course, cacheDir: path.join(work, cacheName) });
  const entry = result.index.get(`video/${kind}.mp4`);
  if (!entry) throw new Error(`${kind}: ${JSON.stringify(result.diagnostics)}`);
  const rungs = entry.renditions
    .filter((r) => r.kind === 'hls-variant')
    .map((r) => ({ name: path.posix.dirname(r.path), width: r.width, height: r.height, playlist: path.join(entry.dir, r.path), bytes: dirBytes(path.join(entry.dir, path.posix.dirname(r.path))) }));
  const audio = entry.renditions.find((r) => r.kind === 'audio');
  return { rungs, audioBytes: audio.bytes, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** SSIM (and VMAF) of every rendition against the master scaled to its size, in one decode of the master. */
function quality(source, sets) {
  const all = sets.flatMap((s, si) => s.rungs.map((r) => ({ ...r, id: `${si}_${r.name}` })));
  const sizes = [...new Set(all.map((r) => `${r.width}x${r.height}`))];
  const inputs = ['-i', source, ...all.flatMap((r) => ['-i', r.playlist])];
  const graph = [`[0:v]split=${sizes.length}${sizes.map((_, i) => `[m${i}]`).join('')}`];
  sizes.forEach((size, i) => {
    const users = all.filter((r) => `${r.width}x${r.height}` === size);
    const copies = hasVmaf ? users.length * 2 : users.length;
    graph.push(`[m${i}]scale=${size.replace('x', ':')}:flags=bicubic,setsar=1,format=yuv420p,split=${copies}${Array.from({ length: copies }, (_, k) => `[r${i}_${k}]`).join('')}`);
    users.forEach((r, k) => {
      const n = all.indexOf(r) + 1;
      const tap = hasVmaf ? `,split=2[d${n}a][d${n}b]` : `[d${n}a]`;
      graph.push(`[${n}:v]setsar=1,format=yuv420p${tap}`);
      graph.push(`[d${n}a][r${i}_${hasVmaf ? 2 * k : k}]ssim@s${r.id}`);
      if (hasVmaf) graph.push(`[d${n}b][r${i}_${2 * k + 1}]libvmaf@v${r.id}`);
    });
  });
  const run = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', ...inputs, '-filter_complex', graph.join(';'), '-f', 'null', '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(run.stderr.slice(-2000));
  const out = new Map();
  for (const r of all) {
    const s = new RegExp(`\\[ssim@s${r.id} @ [^\\]]+\\] SSIM .*All:([0-9.]+)`).exec(run.stderr);
    const v = new RegExp(`\\[libvmaf@v${r.id} @ [^\\]]+\\] VMAF score: ([0-9.]+)`).exec(run.stderr);
    out.set(r.id, { ssim: s ? Number(s[1]) : NaN, vmaf: v ? Number(v[1]) : undefined });
  }
  return out;
}

// ---- run --------------------------------------------------------------------------------------------
const oldSettings = { ...mediaDefaults, ...fixedBitrateLadder };
console.log(`bench/bytes.mjs: ${minutes} min sources, 1080p25, preset ${preset}, ${os.availableParallelism()} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; sizes in MB per 10 minutes${minutes !== 10 ? ` (scaled from ${minutes} min)` : ''}; quality: SSIM${hasVmaf ? ' and VMAF' : ' (this ffmpeg has no libvmaf)'} vs the master scaled to the rung`);
const summary = [];
for (const kind of only) {
  const t0 = Date.now();
  const source = makeSource(kind);
  const sourceBytes = statSync(source).size;
  const now = await ladder(kind, mediaDefaults, 'cache-new');
  const old = await ladder(kind, oldSettings, 'cache-old');
  const q = quality(source, [now, old]);
  const f = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  console.log(`\n### ${SOURCES[kind].label} (master ${f(perTen(sourceBytes), 1)} MB/10 min; encode ${f(now.seconds, 0)} s new, ${f(old.seconds, 0)} s old; generated+measured in ${Math.round((Date.now() - t0) / 1000)} s)\n`);
  console.log(`| rung | MB/10 min | kb/s | SSIM${hasVmaf ? ' | VMAF' : ''} | old MB/10 min | old SSIM${hasVmaf ? ' | old VMAF' : ''} | size vs old |`);
  console.log(`| --- | ---: | ---: | ---:${hasVmaf ? ' | ---:' : ''} | ---: | ---:${hasVmaf ? ' | ---:' : ''} | ---: |`);
  for (const r of now.rungs) {
    const o = old.rungs.find((x) => x.name === r.name);
    const qn = q.get(`0_${r.name}`);
    const qo = o ? q.get(`1_${r.name}`) : undefined;
    const kbps = (r.bytes * 8) / seconds / 1000;
    console.log(
      `| ${r.name} | ${f(perTen(r.bytes))} | ${f(kbps, 0)} | ${f(qn.ssim, 4)}${hasVmaf ? ` | ${f(qn.vmaf, 1)}` : ''} | ${o ? f(perTen(o.bytes)) : '–'} | ${qo ? f(qo.ssim, 4) : '–'}${hasVmaf ? ` | ${qo ? f(qo.vmaf, 1) : '–'}` : ''} | ${o ? f(r.bytes / o.bytes) : '–'} |`,
    );
  }
  console.log(`| audio only | ${f(perTen(now.audioBytes))} | ${f((now.audioBytes * 8) / seconds / 1000, 0)} | | ${f(perTen(old.audioBytes))} | | ${f(now.audioBytes / old.audioBytes)} |`);
  const lowest = now.rungs[0];
  if (SOURCES[kind].goal) summary.push(`${SOURCES[kind].label}: lowest rung ${f(perTen(lowest.bytes))} MB/10 min (goal ≤ ${SOURCES[kind].goal}) ${perTen(lowest.bytes) <= SOURCES[kind].goal ? 'met' : 'NOT met'}`);
  summary.push(`${SOURCES[kind].label}: audio only ${f(perTen(now.audioBytes))} MB/10 min (goal ≤ 3) ${perTen(now.audioBytes) <= 3 ? 'met' : 'NOT met'}`);
  const largest = Math.max(now.audioBytes, ...now.rungs.map((r) => r.bytes));
  summary.push(`${SOURCES[kind].label}: largest rendition ${f(perTen(largest))} MB/10 min, master ${f(perTen(sourceBytes))} (no rendition larger than its source) ${largest <= sourceBytes ? 'met' : 'NOT met'}`);
  rmSync(path.join(work, 'cache-new'), { recursive: true, force: true });
  rmSync(path.join(work, 'cache-old'), { recursive: true, force: true });
  if (!keep) rmSync(source, { force: true });
}
console.log(`\n${summary.map((s) => `- ${s}`).join('\n')}`);
if (keep) console.log(`\nkept: ${work}`);
else rmSync(work, { recursive: true, force: true });
