// kill -9 of `ajar media` or `ajar worker` must not leave its ffmpeg running as an orphan (it would keep a
// core busy and slow the worker that takes the job over). A real Node process runs a long encode through
// the media stage's runFfmpeg (built lib), is killed with SIGKILL, and its ffmpeg must be gone within a second.

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

/** Alive and not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ffmpeg dies with the process that started it', () => {
  it('kill -9 of the parent: its ffmpeg is gone within a second', async () => {
    const lib = pathToFileURL(path.join(repoRoot, 'lib/media/ffmpeg.js')).href;
    const script = [
      `import { runFfmpeg } from ${JSON.stringify(lib)};`,
      // A two-minute synthetic lecture, encoded slowly: far longer than the test.
      `runFfmpeg({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', version: 'test' }, ['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=120', '-c:v', 'libx264', '-preset', 'veryslow', '-f', 'null', '-']);`,
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    let ffmpeg = 0;
    try {
      for (let i = 0; i < 200 && !ffmpeg; i++) {
        await sleep(50);
        const found = spawnSync('pgrep', ['-P', String(parent.pid), 'ffmpeg'], { encoding: 'utf8' }).stdout.trim();
        if (found) ffmpeg = Number(found.split('\n')[0]);
      }
      expect(ffmpeg, 'ffmpeg did not start').toBeGreaterThan(0);
      parent.kill('SIGKILL');
      for (let i = 0; i < 20 && running(ffmpeg); i++) await sleep(50);
      expect(running(ffmpeg)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      if (ffmpeg && running(ffmpeg)) process.kill(ffmpeg, 'SIGKILL');
    }
  });
});
