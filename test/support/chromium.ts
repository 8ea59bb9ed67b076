// Shared real-browser support for tests: Debian's Chromium driven by playwright-core with the project's
// required flags, and a loopback HTTP server that serves folders and records LMS commits.
// Reused by the player, packaging and cmi5 tests: one browser per test file, pages reused.

import http from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.AJAR_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Media tests start playback from script, as a learner's click would.
  '--autoplay-policy=no-user-gesture-required',
];

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface LaunchedBrowser {
  /** A context with a fresh profile (its own --user-data-dir, removed on close). */
  readonly context: BrowserContext;
  readonly browser: Browser | null;
  close(): Promise<void>;
}

/** Chromium with a fresh --user-data-dir; close() removes the profile. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'ajar-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    browser: context.browser(),
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.xsd': 'application/xml',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8',
  '.srt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mp3': 'audio/mpeg',
};

/** A file under `root` as a browser wants it: 404 outside it or when missing, byte ranges for media. */
export function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, root: string, rel: string): void {
  const file = path.join(root, rel);
  if (!(file === root || file.startsWith(root + path.sep)) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
  const size = statSync(file).size;
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(size - 1, Number(range[2])) : size - 1;
    res.writeHead(206, { 'content-type': type, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1, 'accept-ranges': 'bytes' });
    createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { 'content-type': type, 'content-length': size, 'accept-ranges': 'bytes', 'cache-control': 'no-store' });
  createReadStream(file).pipe(res);
}

export interface Commit {
  /** False when the server refused it on purpose (failNextCommits). */
  readonly accepted: boolean;
  readonly url: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

export interface ServedFolders {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Bodies POSTed to /commit (scorm-again's lmsCommitUrl), in arrival order. */
  readonly commits: Commit[];
  /** Maps a URL prefix (e.g. '/sco/') to a folder; replaces an existing mapping. */
  mount(prefix: string, dir: string): void;
  /** Every request path seen, to assert that nothing left for elsewhere (all loopback). */
  readonly requests: string[];
  /** Answers the next `n` commits with HTTP 500, as an overloaded LMS backend would. */
  failNextCommits(n: number): void;
  close(): Promise<void>;
}

/**
 * Serves folders on 127.0.0.1 (random free port), with byte ranges (media seeking) and a `/commit`
 * endpoint that answers like an LMS backend. `mounts` maps URL prefixes to folders.
 */
export async function serveFolders(mounts: Record<string, string>): Promise<ServedFolders> {
  const table = new Map(Object.entries(mounts).map(([p, d]) => [p, path.resolve(d)]));
  const commits: Commit[] = [];
  const requests: string[] = [];
  let failures = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    if (req.method === 'POST' && url.pathname.startsWith('/commit')) {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        let parsed: unknown = body;
        try {
          parsed = JSON.parse(body);
        } catch {
          /* keep the raw text */
        }
        const accepted = failures === 0;
        if (!accepted) failures--;
        commits.push({ accepted, url: req.url ?? '', contentType: req.headers['content-type'], body: parsed });
        res.writeHead(accepted ? 200 : 500, { 'content-type': 'application/json' });
        res.end(accepted ? '{"result":true,"errorCode":0}' : '{"result":false,"errorCode":101}');
      });
      return;
    }
    const prefix = [...table.keys()].filter((p) => url.pathname.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    if (prefix === undefined) return void res.writeHead(404).end();
    const root = table.get(prefix)!;
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      return void res.writeHead(400).end();
    }
    serveStatic(req, res, root, rel);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    commits,
    requests,
    failNextCommits(n) {
      failures = n;
    },
    mount(prefix, dir) {
      table.set(prefix, path.resolve(dir));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** The LMS pages (test/support/lms) and scorm-again's browser builds, to mount beside a SCO. */
export function lmsMounts(): Record<string, string> {
  return {
    '/lms/': path.join(projectRoot, 'test/support/lms'),
    '/scorm-again/': path.join(projectRoot, 'node_modules/scorm-again/dist'),
    '/axe/': path.join(projectRoot, 'node_modules/axe-core'),
  };
}
