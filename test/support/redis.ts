// A real redis-server for tests: loopback, a free port, no persistence, stopped afterwards.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Kills redis-server at once (SIGKILL: a crash, connections reset, its data gone). */
  kill(): Promise<void>;
}

/** `port`: start on this port (a Redis restarted where its clients expect it), else on a free one. */
export async function startRedis(options: { port?: number } = {}): Promise<RedisServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ajar-redis-'));
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freePort());
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ready = await new Promise<boolean>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => resolve(false), 10_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.once('error', reject);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (ready) return { url: `redis://127.0.0.1:${port}`, port, stop: () => stop(child, dir), kill: () => stop(child, dir, 'SIGKILL') };
    child.kill('SIGKILL');
    // Someone took the port between our check and redis binding it: try another.
    if (attempt >= 3) throw new Error('redis-server did not start (is it installed? apt-get install -y redis-server)');
  }
}

async function stop(child: ChildProcess, dir: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
}
