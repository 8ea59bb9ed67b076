// A real S3 server for tests: single-node Ceph (mon + memstore OSD) + RADOS Gateway on loopback, started
// by ceph-start.sh (adapted from the workplace reference script ceph-rgw-start.sh) in a temp folder on free ports, stopped by pid files.
// It takes ~15 s to start: start it once per test file.

import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));

export interface CephS3 {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  stop(): Promise<void>;
}

/** Starts the cluster; on a busy machine a first start can fail, so one more try on fresh ports. */
export async function startCeph(): Promise<CephS3> {
  try {
    return await startCephOnce();
  } catch (first) {
    try {
      return await startCephOnce();
    } catch (second) {
      throw new Error(`Ceph RGW did not start twice:\n${describe(first)}\n---\n${describe(second)}`);
    }
  }
}

function describe(error: unknown): string {
  const e = error as { message?: string; stderr?: string };
  return `${e.message ?? String(error)}\n${(e.stderr ?? '').split('\n').slice(-15).join('\n')}`;
}

async function startCephOnce(): Promise<CephS3> {
  // Short path: Ceph's admin sockets live here and unix socket paths are limited to ~107 bytes.
  const dir = mkdtempSync(path.join(tmpdir(), 'ajar-ceph-'));
  const env = {
    ...process.env,
    CEPH_DIR: dir,
    CEPH_MON_PORT: String(await freePort()),
    CEPH_RGW_PORT: String(await freePort()),
    CEPH_ACCESS_KEY: 'AJARTESTACCESS',
    CEPH_SECRET_KEY: `ajar-test-secret-${process.pid}`,
  };
  const stop = async () => {
    await run('bash', [path.join(here, 'ceph-stop.sh')], { env, timeout: 60_000 }).catch(() => undefined);
  };
  try {
    await run('bash', [path.join(here, 'ceph-start.sh')], { env, timeout: 180_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${env.CEPH_RGW_PORT}`,
    accessKeyId: env.CEPH_ACCESS_KEY,
    secretAccessKey: env.CEPH_SECRET_KEY,
    stop,
  };
}
