// Issue 15, "no prose in diagnostic data": what the media stage puts in a diagnostic's data (and in the
// queue's outage event) is codes, names and numbers; the words come from media/rules.ts in the reader's
// language. A foreign tool's own line (ffmpeg's stderr, ioredis's or the S3 client's message) may travel as
// a quoted `detail`, but ajar's own sentences ("connection lost", "no answer within 3 s", "ffmpeg exited
// with 1", "store s3://…: …") may not.

import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOne } from '../../src/diagnostics/report.js';
import { executeJob } from '../../src/media/execute.js';
import { fillImage, type ImageTool } from '../../src/media/images.js';
import { mediaDefaults } from '../../src/media/config-schema.js';
import { planTranscodes } from '../../src/media/plan.js';
import { bounded, troubleOf } from '../../src/media/queue-link.js';
import { queueLine } from '../../src/media/progress.js';
import { rules } from '../../src/media/rules.js';
import { makeClip, testSettings } from './helpers.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ajar tanpa prosa '));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const line = (d: Parameters<typeof formatOne>[0], lang: 'id' | 'en') => formatOne(d, { lang, color: false });

describe('the media stage’s diagnostic data', () => {
  it('a Redis outage is a code and a number, worded in Indonesian and English on the outage line', async () => {
    const timedOut = await bounded(new Promise(() => {}), 50).catch((e: Error) => e);
    expect(troubleOf(timedOut as Error)).toEqual({ problem: 'no-answer', seconds: 0.05 });
    expect(troubleOf(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toEqual({ problem: 'connection-lost' });
    // ioredis's own words stay its own.
    expect(troubleOf(new Error('connect ECONNREFUSED 127.0.0.1:6390'))).toEqual({ detail: 'connect ECONNREFUSED 127.0.0.1:6390' });

    const event = { type: 'queue-unreachable', queue: '127.0.0.1:6390', problem: 'no-answer', seconds: 3, toleranceSeconds: 60 } as const;
    expect(queueLine(event, 'id')).toBe('⚠ Redis di 127.0.0.1:6390 tidak dapat dihubungi (tidak ada jawaban dalam 3 detik); mencoba lagi hingga 60 detik… (Ctrl-C untuk berhenti)');
    expect(queueLine(event, 'en')).toBe('⚠ Redis unreachable at 127.0.0.1:6390 (no answer within 3 s), retrying for up to 60 s… (Ctrl-C to stop)');
    expect(queueLine({ ...event, problem: 'connection-lost', seconds: undefined }, 'id')).toContain('(sambungan terputus)');
    const unreachable = rules['media-queue-unreachable']({ data: { url: 'redis://127.0.0.1:6390', problem: 'no-answer', seconds: 5 } });
    expect(line(unreachable, 'id')).toContain('tidak ada jawaban dalam 5 detik');
    expect(line(unreachable, 'en')).toContain('no answer within 5 s');
  });

  it('an ffmpeg that fails without a word gives its exit code, worded by the rule', async () => {
    const video = path.join(dir, 'video pembuka.mp4');
    await makeClip(video, { seconds: 1, width: 320, height: 240 });
    // An "ffmpeg" that probes through the real ffprobe but whose encoder dies silently with exit 3.
    const silent = path.join(dir, 'ffmpeg-bisu.sh');
    await writeFile(silent, '#!/bin/sh\nexit 3\n');
    await chmod(silent, 0o755);
    const [job] = planTranscodes([{ path: 'video pembuka.mp4', kind: 'video' }], { ...testSettings, loudness: false });
    const outcome = await executeJob(job!, video, path.join(dir, 'cache'), 'a'.repeat(40), { tool: { ffmpeg: silent, ffprobe: 'ffprobe', version: '5.1' } });
    const failed = outcome.diagnostics.find((d) => d.ruleId === 'media-transcode-failed');
    expect(failed?.data).toEqual({ problem: 'tool-exit', tool: 'ffmpeg', exit: 3 });
    expect(line(failed!, 'id')).toContain('Transkode gagal: ffmpeg berhenti dengan kode 3');
    expect(line(failed!, 'en')).toContain('Transcoding failed: ffmpeg exited with 3');
  });

  it('a bucket that refuses, a worker that fails and renditions missing from the shared folder: codes and names, the fix per cause', () => {
    const store = rules['media-transcode-failed']({ file: 'video/a.mp4', data: { problem: 'store-failed', store: 's3://ajar-media/kursus', detail: 'AccessDenied Access Denied' } });
    expect(line(store, 'id')).toContain('penyimpanan bersama s3://ajar-media/kursus gagal: AccessDenied Access Denied');
    expect(line(store, 'en')).toContain('the shared store s3://ajar-media/kursus failed: AccessDenied Access Denied');
    // The fix names the bucket's settings, and does not tell the author to export the video again.
    expect(line(store, 'en')).toContain('AWS_ACCESS_KEY_ID');
    expect(line(store, 'en')).not.toContain('Export it again');
    const elsewhere = rules['media-transcode-failed']({ file: 'video/a.mp4', data: { problem: 'not-in-shared-folder', dir: '/srv/ajar/cache' } });
    expect(line(elsewhere, 'id')).toContain('tidak ada di “/srv/ajar/cache”');
    expect(line(elsewhere, 'en')).toContain('--cache-dir');
    const full = rules['media-disk-full']({ file: 'video/a.mp4', data: { dir: '/srv/ajar/cache', needed: 80 * 1024 * 1024, free: 2 * 1024 * 1024 } });
    expect(line(full, 'en')).toContain('needs about 80 MB, 2.0 MB is free');
    expect(line(rules['media-disk-full']({ file: 'video/a.mp4', data: { dir: '/srv/ajar/cache' } }), 'en')).toContain('ENOSPC');
  });

  it('an image whose header gives no width and height: a code worded in each language, no English in the Indonesian line', async () => {
    const file = path.join(dir, 'Peta Wilayah Kerja.png');
    await writeFile(file, Buffer.from('89504e470d0a1a0a', 'hex'));
    // A sharp that reads the header but finds no size in it (what libvips answers for some truncated files).
    const headerOnly = (() => ({ metadata: async () => ({ format: 'png' }) })) as unknown as ImageTool['sharp'];
    const made = await fillImage('gambar/Peta Wilayah Kerja.png', file, dir, mediaDefaults.images, { sharp: headerOnly, version: 'sharp uji' });
    expect(made.renditions).toEqual([]);
    expect(made.optimised).toEqual({ originalBytes: 8, bytes: 8, kept: 'failed' });
    const [warning] = made.diagnostics;
    expect(warning?.ruleId).toBe('image-not-optimised');
    expect(warning?.data).toEqual({ problem: 'no-dimensions' });
    expect(line(warning!, 'id')).toContain('(lebar dan tingginya tidak dapat dibaca)');
    expect(line(warning!, 'id')).not.toMatch(/dimensions|undefined/);
    expect(line(warning!, 'en')).toContain('(its width and height cannot be read)');
  });
});
