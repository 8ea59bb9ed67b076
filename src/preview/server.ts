// `ajar preview`: serves the course as an LMS would, on loopback by default. The course is packaged for
// the chosen target into memory by the pipeline (sources copied as they are; no transcoding), rebuilt when a
// source changes, and every open preview reloads (Server-Sent Events). SCORM modes host scorm-again in the
// shell page; cmi5 and xAPI talk to the in-process LRS (src/preview/lrs.ts).

import http from 'node:http';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/report.js';
import { PreviewLrs, type AuLaunchInfo } from './lrs.js';
import { describePackage, readPackage } from './package.js';
import { PANEL_CSS, PANEL_JS, PREVIEW_MODES, shellPage, type LaunchMode, type PreviewMode } from './pages.js';
import { escapeHtml } from '../util/xml.js';
import { applyRuleSettings, type RuleSetting } from '../config/index.js';
import { rules } from './rules.js';

/** A course packaged in memory for one format: what the pipeline's `plan` (src/pipeline.ts) returns. */
export interface PlannedCourse {
  /** The course's ajar.yaml: its output folder (never watched) and its `rules:` severities. */
  readonly loaded: { readonly config: { readonly build: { readonly outDir: string }; readonly rules: Readonly<Record<string, RuleSetting>> } };
  readonly course?: { readonly title: string; readonly language: 'id' | 'en' };
  readonly diagnostics: readonly Diagnostic[];
  readonly plans: readonly { readonly entries: readonly { readonly path: string; readonly data: Uint8Array | string }[] }[];
}

/**
 * The pipeline's preview stages (load → check → render → package, in memory), given by the caller — the CLI
 * passes `plan` from src/pipeline.ts — so preview serves what build would zip without importing the pipeline.
 */
export type Planner = (request: { dir: string; env: PreviewOptions['env']; formats: readonly string[]; debug: boolean }) => Promise<PlannedCourse>;

export interface PreviewOptions {
  /** Absolute course folder, or a built package (.zip: cmi5, xAPI or SCORM) to play as it is. */
  readonly dir: string;
  /** Packages a course folder (required for one; a zip is played as it is). */
  readonly plan?: Planner;
  readonly mode: PreviewMode;
  readonly host?: string;
  /** 0: any free port. */
  readonly port?: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly lang: 'id' | 'en';
  /** Rebuild and reload on source changes (default true). */
  readonly watch?: boolean;
  /**
   * Called after each build: the course's diagnostics of that build, whether it can be shown, and the preview's
   * own notice of a build that cannot (preview-not-built), all after the course's `rules:` severities.
   */
  readonly onBuild?: (diagnostics: readonly Diagnostic[], ok: boolean, notices: readonly Diagnostic[]) => void;
}

export interface PreviewServer {
  readonly url: string;
  readonly lrs: PreviewLrs;
  /** Builds so far (the first included). */
  builds(): number;
  /** Rebuilds now (as a source change would). */
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

/** What the preview serves for one mode: the files, and what an LMS launches (from the course or a package). */
interface Built {
  readonly title: string;
  readonly lang: 'id' | 'en';
  readonly files: Map<string, Uint8Array | string>;
  /** cmi5 AUs; for Tin Can and SCORM the one launchable activity/SCO. */
  readonly aus: readonly AuLaunchInfo[];
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  xml: 'application/xml',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  m4a: 'audio/mp4',
  mp3: 'audio/mpeg',
  webm: 'video/webm',
  vtt: 'text/vtt; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  pdf: 'application/pdf',
};
const typeOf = (p: string) => TYPES[p.slice(p.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';

/** Folders whose changes never affect the course (outputs, caches, VCS). */
function ignored(rel: string, outDir: string): boolean {
  const first = rel.split(/[\\/]/)[0] ?? '';
  return first === '.ajar' || first === '.git' || first === 'node_modules' || first === outDir || rel.endsWith('~') || /\.sw.$/.test(rel);
}

/**
 * The course for one target, in memory: the pipeline's preview stages (load → check → render → package, no
 * media, nothing written), so preview serves the very entries `ajar build` would zip — cmi5.xml, tincan.xml
 * and imsmanifest.xml included — and reads what to launch from them as it does for a built zip.
 */
export async function buildPreview(
  plan: Planner,
  dir: string,
  mode: PreviewMode,
  env: PreviewOptions['env'],
): Promise<{ built?: Built; diagnostics: Diagnostic[]; notices: Diagnostic[]; outDir: string }> {
  const planned = await plan({ dir, env, formats: [mode], debug: true });
  const diagnostics = [...planned.diagnostics];
  const outDir = planned.loaded.config.build.outDir.split(/[\\/]/)[0] ?? 'dist';
  const entries = planned.plans[0]?.entries;
  if (!planned.course || !entries || hasErrors(diagnostics)) {
    // The preview's own finding goes through the course's `rules:` like every other (the pipeline settled the rest).
    return { diagnostics, notices: applyRuleSettings([rules['preview-not-built']()], planned.loaded.config.rules), outDir };
  }
  const described = describePackage(new Map(entries.map((e) => [e.path, e.data])));
  return { built: { ...described, title: planned.course.title, lang: planned.course.language }, diagnostics, notices: [], outDir };
}

function send(res: http.ServerResponse, status: number, body: string | Uint8Array, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-experience-api-version': '1.0.3', ...extra });
  res.end(body);
}

/** A file from memory, with byte ranges (video seeking). */
function sendFile(req: http.IncomingMessage, res: http.ServerResponse, data: Uint8Array | string, type: string): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    const size = buf.length;
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(size - 1, Number(range[2])) : size - 1;
    if (start >= size || start > end) return void send(res, 416, '', 'text/plain', { 'content-range': `bytes */${size}` });
    res.writeHead(206, { 'content-type': type, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1), 'accept-ranges': 'bytes', 'cache-control': 'no-store' });
    return void res.end(buf.subarray(start, end + 1));
  }
  res.writeHead(200, { 'content-type': type, 'content-length': String(buf.length), 'accept-ranges': 'bytes', 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : buf);
}

function readBody(req: http.IncomingMessage, limit = 8 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const requireHere = createRequire(import.meta.url);
/** scorm-again's browser builds, from the installed package (a runtime dependency of ajar). */
function scormAgainFile(name: string): string {
  // The package exports its CommonJS build from dist/; the minified browser builds sit beside it.
  return path.join(path.dirname(requireHere.resolve('scorm-again')), name);
}

/** The course as the preview serves it: built per mode on first use, rebuilt on every save. */
interface Sites {
  site(mode: PreviewMode): Promise<Built | undefined>;
  rebuild(): Promise<void>;
  readonly lastError: string | undefined;
  readonly builds: number;
  readonly outDir: string;
}

function previewSites(o: PreviewOptions, packaged: Built & { mode: PreviewMode } | undefined, mode0: PreviewMode, broadcast: (event: unknown) => void): Sites {
  const sites = new Map<PreviewMode, Built>();
  const state = { lastError: undefined as string | undefined, builds: 0, outDir: 'dist' };

  async function build(mode: PreviewMode): Promise<Built | undefined> {
    if (packaged) {
      state.builds++;
      return mode === packaged.mode ? packaged : undefined;
    }
    if (!o.plan) throw new Error('preview of a course folder needs the pipeline’s planner (options.plan)');
    const r = await buildPreview(o.plan, o.dir, mode, o.env);
    state.builds++;
    state.outDir = r.outDir;
    o.onBuild?.(r.diagnostics, Boolean(r.built), r.notices);
    if (!r.built) {
      state.lastError = formatDiagnostics(r.diagnostics.filter((d) => d.severity === 'error'), 'pretty', { lang: o.lang, color: false });
      return sites.get(mode);
    }
    state.lastError = undefined;
    sites.set(mode, r.built);
    return r.built;
  }

  return {
    site: async (mode) => sites.get(mode) ?? (await build(mode)),
    async rebuild() {
      const modes = [...sites.keys()];
      if (!modes.length) modes.push(mode0);
      for (const m of modes) await build(m);
      broadcast(state.lastError ? { type: 'build-error', text: state.lastError } : { type: 'reload' });
    },
    get lastError() {
      return state.lastError;
    },
    get builds() {
      return state.builds;
    },
    get outDir() {
      return state.outDir;
    },
  };
}

/** What every route needs: the options, the course, the panel's live connections and the local LRS. */
interface RouteContext {
  readonly o: PreviewOptions;
  readonly packaged: (Built & { mode: PreviewMode }) | undefined;
  readonly sites: Sites;
  readonly clients: Set<http.ServerResponse>;
  readonly cmi: Map<string, unknown>;
  readonly broadcast: (event: unknown) => void;
  /** Known once the server listens. */
  readonly live: { origin: string; lrs: PreviewLrs };
}

type Route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, c: RouteContext) => Promise<boolean>;

/** `/course/<format>/<file>`: one folder per format of the registry (PREVIEW_MODES are its formats). */
const COURSE_PATH = new RegExp(`^/course/(${PREVIEW_MODES.join('|')})/(.*)$`);

const askedMode = (c: RouteContext, asked: string | null | undefined): PreviewMode =>
  c.packaged ? c.packaged.mode : (PREVIEW_MODES as readonly string[]).includes(asked ?? '') ? (asked as PreviewMode) : c.o.mode;

/** The shell page with the tracking panel, and the course's own files. */
const coursePages: Route = async (req, res, url, c) => {
  const p = url.pathname;
  if (p === '/' || p === '/index.html') {
    const mode = askedMode(c, url.searchParams.get('mode'));
    const launch = (['Normal', 'Browse', 'Review'].includes(url.searchParams.get('launch') ?? '') ? url.searchParams.get('launch') : 'Normal') as LaunchMode;
    const built = await c.sites.site(mode);
    if (!built) return send(res, 500, errorPage(c.sites.lastError ?? '', c.o.lang), 'text/html; charset=utf-8'), true;
    const aus = built.aus.map((a) => a.title);
    const au = Math.min(Math.max(0, Number(url.searchParams.get('au')) || 0), Math.max(0, aus.length - 1));
    const start = `/course/${mode}/${built.aus[0]?.url ?? 'index.html'}`;
    send(res, 200, shellPage({ mode, launch, au, aus, title: built.title, lang: built.lang, start, ...(c.packaged ? { modes: [mode] } : {}) }), 'text/html; charset=utf-8');
    return true;
  }
  const inCourse = COURSE_PATH.exec(p);
  if (!inCourse) return false;
  const built = await c.sites.site(inCourse[1] as PreviewMode);
  let rel: string;
  try {
    rel = decodeURIComponent(inCourse[2]!) || 'index.html';
  } catch {
    return send(res, 400, 'bad path', 'text/plain'), true;
  }
  const data = built?.files.get(rel);
  if (data === undefined) send(res, 404, 'not found', 'text/plain');
  else sendFile(req, res, data, typeOf(rel));
  return true;
};

/** The panel's assets and its live event stream (reload after a save, tracking data as it arrives). */
const panelAssets: Route = async (req, res, url, c) => {
  const p = url.pathname;
  if (p === '/_preview/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': ajar preview\n\n');
    c.clients.add(res);
    req.on('close', () => c.clients.delete(res));
    if (c.sites.lastError) res.write(`data: ${JSON.stringify({ type: 'build-error', text: c.sites.lastError })}\n\n`);
    // An error page that connects after the fix was saved reloads at once.
    else if (url.searchParams.has('error')) res.write(`data: ${JSON.stringify({ type: 'reload' })}\n\n`);
    return true;
  }
  if (p === '/_preview/panel.js') return send(res, 200, PANEL_JS, TYPES.js!), true;
  if (p === '/_preview/panel.css') return send(res, 200, PANEL_CSS, TYPES.css!), true;
  if (p === '/_preview/reload.js') {
    send(res, 200, "new EventSource('/_preview/events?error=1').onmessage=function(m){var e=JSON.parse(m.data);if(e.type==='reload')location.reload();else if(e.type==='build-error')document.getElementById('build-error').textContent=e.text;};", TYPES.js!);
    return true;
  }
  const sa = /^\/_preview\/scorm-again\/(scorm12|scorm2004)\.min\.js$/.exec(p);
  if (sa) return send(res, 200, await readFile(scormAgainFile(`${sa[1]}.min.js`)), TYPES.js!), true;
  if (p === '/_preview/returned') return send(res, 200, returnedPage(c.o.lang), 'text/html; charset=utf-8'), true;
  return false;
};

/** The panel's controls: SCORM data model commits, tracking records, reset, simulated outage, relaunch. */
const panelControls: Route = async (req, res, url, c) => {
  const p = url.pathname;
  const method = req.method ?? 'GET';
  const { lrs } = c.live;
  if (p === '/_preview/cmi' && method === 'GET') return send(res, 200, JSON.stringify(c.cmi.get(url.searchParams.get('mode') ?? '') ?? {}), TYPES.json!), true;
  if (p === '/_preview/commit' && method === 'POST') {
    // scorm-again commits JSON; LMSFinish sends its last commit by sendBeacon as text/plain.
    const body = await readBody(req);
    try {
      const parsed = JSON.parse(body) as unknown;
      c.cmi.set(url.searchParams.get('mode') ?? '', parsed);
      c.broadcast({ type: 'cmi', mode: url.searchParams.get('mode'), cmi: parsed });
    } catch {
      /* not JSON: ignore */
    }
    return send(res, 200, '{"result":true,"errorCode":0}', TYPES.json!), true;
  }
  if (p === '/_preview/records') {
    const state = lrs.stateDocuments().find((d) => d.key.includes('|ajar.state'))?.body;
    send(res, 200, JSON.stringify({ statements: lrs.current(), ...(state ? { state } : {}), outage: lrs.outage, registration: lrs.registration }), TYPES.json!);
    return true;
  }
  if (p === '/_preview/reset' && method === 'POST') {
    const body = JSON.parse((await readBody(req)) || '{}') as { mode?: string };
    if (body.mode) c.cmi.delete(body.mode);
    lrs.reset();
    return send(res, 200, JSON.stringify({ registration: lrs.registration }), TYPES.json!), true;
  }
  if (p === '/_preview/outage' && method === 'POST') {
    const body = JSON.parse((await readBody(req)) || '{}') as { on?: boolean };
    lrs.outage = Boolean(body.on);
    c.broadcast({ type: 'outage', on: lrs.outage });
    return send(res, 200, JSON.stringify({ on: lrs.outage }), TYPES.json!), true;
  }
  if (p === '/_preview/launch' && method === 'POST') return launch(req, res, c), true;
  return false;
};

/** A (re)launch from the panel: SCORM opens the course page; cmi5 and xAPI get a launch URL from the LRS. */
async function launch(req: http.IncomingMessage, res: http.ServerResponse, c: RouteContext): Promise<void> {
  const body = JSON.parse((await readBody(req)) || '{}') as { launch?: LaunchMode; au?: number; mode?: PreviewMode };
  const mode = askedMode(c, body.mode);
  const built = await c.sites.site(mode);
  if (!built) return send(res, 200, JSON.stringify({ error: c.sites.lastError }), TYPES.json!);
  const { origin, lrs } = c.live;
  if (mode !== 'cmi5' && mode !== 'xapi') return send(res, 200, JSON.stringify({ url: `${origin}/course/${mode}/index.html` }), TYPES.json!);
  const au = built.aus[Math.min(Math.max(0, body.au ?? 0), built.aus.length - 1)]!;
  // The address the browser used (with --host 0.0.0.0 that is the machine's name, not 0.0.0.0).
  const here = /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host ?? '') ? `http://${req.headers.host}` : origin;
  const launched = lrs.launch({
    profile: mode === 'cmi5' ? 'cmi5' : 'tincan',
    origin: here,
    base: `/course/${mode}/`,
    au,
    launchMode: body.launch ?? 'Normal',
    returnURL: `${here}/_preview/returned`,
    activityId: au.publisherId,
  });
  send(res, 200, JSON.stringify({ url: launched }), TYPES.json!);
}

/** The local LRS (statements, state, activity profiles) and cmi5's fetch URL. */
const lrsRoutes: Route = async (req, res, url, c) => {
  const p = url.pathname;
  const method = req.method ?? 'GET';
  const fetchKey = /^\/lms\/fetch\/([A-Za-z0-9_-]+)$/.exec(p);
  if (fetchKey && method === 'POST') {
    const r = c.live.lrs.fetchToken(fetchKey[1]!);
    return send(res, r.status, r.body ?? '', r.type ?? 'text/plain'), true;
  }
  if (!p.startsWith('/lrs/')) return false;
  const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
  const headers = { authorization: req.headers.authorization, 'content-type': req.headers['content-type'] };
  const r = c.live.lrs.handle(method, p.slice('/lrs/'.length), url.searchParams, headers, body);
  send(res, r.status, r.body ?? '', r.type ?? 'text/plain');
  return true;
};

const routes: readonly Route[] = [coursePages, panelAssets, panelControls, lrsRoutes];

/** Rebuilds after a save: editors write a file in several steps, so wait for the burst to end. */
function watchCourse(dir: string, outDir: () => string, rebuild: () => Promise<void>): { close(): Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, file) => {
    if (file && ignored(String(file), outDir())) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(rebuild, rebuild);
    }, 200);
  });
  return {
    async close() {
      watcher.close();
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}

async function listen(server: http.Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

export async function startPreview(o: PreviewOptions): Promise<PreviewServer> {
  const host = o.host ?? '127.0.0.1';
  const clients = new Set<http.ServerResponse>();
  const broadcast = (event: unknown) => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of clients) client.write(line);
  };
  const packaged = o.dir.toLowerCase().endsWith('.zip') ? await readPackage(o.dir) : undefined;
  const mode0: PreviewMode = packaged?.mode ?? o.mode;
  const sites = previewSites(o, packaged, mode0, broadcast);
  const live = { origin: '', lrs: undefined as unknown as PreviewLrs };
  const context: RouteContext = { o, packaged, sites, clients, cmi: new Map(), broadcast, live };

  const server = http.createServer((req, res) => {
    const handle = async () => {
      const url = new URL(req.url ?? '/', live.origin);
      for (const route of routes) if (await route(req, res, url, context)) return;
      send(res, 404, 'not found', 'text/plain');
    };
    void handle().catch((error: Error) => {
      if (!res.headersSent) send(res, 500, `ajar preview: ${error.message}`, 'text/plain; charset=utf-8');
      else res.end();
    });
  });

  await sites.site(mode0);
  live.origin = await listen(server, o.port ?? 0, host);
  live.lrs = new PreviewLrs(live.origin);
  live.lrs.on((e) => broadcast(e));
  const watcher = o.watch !== false && !packaged ? watchCourse(o.dir, () => sites.outDir, () => sites.rebuild()) : undefined;

  return {
    url: `${live.origin}/?mode=${mode0}`,
    lrs: live.lrs,
    builds: () => sites.builds,
    rebuild: () => sites.rebuild(),
    async close() {
      await watcher?.close();
      for (const client of clients) client.end();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function errorPage(text: string, lang: 'id' | 'en'): string {
  const title = lang === 'id' ? 'Kursus belum dapat dipratinjau' : 'The course cannot be previewed yet';
  // Reloads itself when a save fixes the course (the same event stream as the shell).
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title><script src="/_preview/reload.js" defer></script></head><body><h1>${title}</h1><pre id="build-error">${escapeHtml(text)}</pre></body></html>`;
}

function returnedPage(lang: 'id' | 'en'): string {
  const [title, body] =
    lang === 'id'
      ? ['Sesi selesai', 'Kursus mengakhiri sesi dan mengembalikan Anda ke LMS (returnURL). Pilih “Luncurkan ulang” di panel untuk memulai lagi.']
      : ['Session ended', 'The course ended its session and sent you back to the LMS (returnURL). Choose “Relaunch” in the panel to start again.'];
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body><h1 id="returned">${title}</h1><p>${body}</p></body></html>`;
}
