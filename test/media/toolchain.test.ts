// ffmpeg missing or too old stops `ajar media` with one clear message that says how to install it.

import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AjarError } from '../../src/diagnostics/errors.js';
import { formatOne } from '../../src/diagnostics/report.js';
import { detectToolchain } from '../../src/media/ffmpeg.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ajar-old-ffmpeg-'));
  // An old distribution's ffmpeg, as far as `-version` and `-encoders` show.
  await writeFile(path.join(dir, 'ffmpeg'), '#!/bin/sh\nif [ "$2" = "-encoders" ]; then echo " V..... libx264 H.264"; else echo "ffmpeg version 3.4.11-0ubuntu0.1 Copyright (c) 2000-2022"; fi\n');
  await writeFile(path.join(dir, 'ffprobe'), '#!/bin/sh\necho "ffprobe version 3.4.11-0ubuntu0.1"\n');
  await chmod(path.join(dir, 'ffmpeg'), 0o755);
  await chmod(path.join(dir, 'ffprobe'), 0o755);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the ffmpeg toolchain', () => {
  it('finds the system ffmpeg and reports its version (part of every cache key)', async () => {
    const tool = await detectToolchain({ PATH: process.env.PATH });
    expect(tool.version).toMatch(/^\d+\.\d+/);
  });

  it('says how to install ffmpeg when it is missing, in Indonesian and English', async () => {
    const error = await detectToolchain({ FFMPEG_PATH: path.join(dir, 'tidak-ada', 'ffmpeg'), FFPROBE_PATH: path.join(dir, 'ffprobe') }).catch((e) => e);
    expect(error).toBeInstanceOf(AjarError);
    expect(error.exitCode).toBe(2);
    expect(formatOne(error.diagnostic, { lang: 'en', color: false })).toMatch(/ffmpeg was not found .*\n.*sudo apt-get install -y ffmpeg/);
    expect(formatOne(error.diagnostic, { lang: 'id', color: false })).toMatch(/ffmpeg tidak ditemukan.*\n.*Pasang ffmpeg: sudo apt-get install -y ffmpeg/);
  });

  it('refuses an ffmpeg that is too old, naming its version and the minimum', async () => {
    const error = await detectToolchain({ FFMPEG_PATH: path.join(dir, 'ffmpeg'), FFPROBE_PATH: path.join(dir, 'ffprobe') }).catch((e) => e);
    expect(error).toBeInstanceOf(AjarError);
    expect(formatOne(error.diagnostic, { lang: 'en', color: false })).toMatch(/ffmpeg 3\.4\.11-0ubuntu0\.1 is too old; version 4\.3 or newer/);
  });
});
