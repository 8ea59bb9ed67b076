// renderSite: the learner-facing site of a course for one target — the launch page, the player bundle,
// the course data and every file the course refers to. Packaging zips these files; preview serves them.

import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Course } from '../core/model/course.js';
import { courseFs } from '../source/files.js';
import { worstCaseStateChars } from '../core/state.js';
import { AjarError } from '../diagnostics/errors.js';
import { rules } from './rules.js';
import { planPlayerData } from './player-data.js';
import { launchPage } from './page.js';
import { mapQuestions, sealQuestion } from '../core/seal.js';
import { checkDataReferences, checkShellReferences, type Origin } from './references.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { RenderOptions, Site, SiteFile, SiteTarget } from './site.js';
import { learnerDownload } from './learner.js';

export type { Site, SiteFile, SiteTarget, RenderOptions } from './site.js';
export { planPlayerData } from './player-data.js';
export type { LearnerDownload } from './learner.js';

/** Player bundle files, in the site under this folder. */
export const PLAYER_DIR = 'ajar';

/** Where the built bundle is: lib/player/ of this package (from src/render or lib/render alike). */
export function playerBundleDir(): string {
  return fileURLToPath(new URL('../../lib/player/', import.meta.url));
}

let bundleCache: { js: Uint8Array; css: Uint8Array } | undefined;

async function readBundle(): Promise<{ js: Uint8Array; css: Uint8Array }> {
  if (bundleCache) return bundleCache;
  const dir = playerBundleDir();
  const js = path.join(dir, 'player.js');
  if (!existsSync(js)) throw new AjarError(rules['player-bundle-missing']({ data: { path: js } }));
  bundleCache = { js: await readFile(js), css: await readFile(path.join(dir, 'player.css')) };
  return bundleCache;
}

export async function renderSite(course: Course, target: SiteTarget, options: RenderOptions = {}): Promise<Site> {
  const { data, copies, sizes } = planPlayerData(course, target, options);
  const bundle = await readBundle();
  const files = new Map<string, SiteFile['data']>();
  files.set('index.html', launchPage(mapQuestions(data, sealQuestion), { ...(options.mediaBaseUrl ? { mediaBaseUrl: options.mediaBaseUrl } : {}), assetPrefix: `${PLAYER_DIR}/`, ...(options.debug ? { debug: true } : {}) }));
  files.set(`${PLAYER_DIR}/player.js`, bundle.js);
  files.set(`${PLAYER_DIR}/player.css`, bundle.css);
  // The course data lives only in the page's JSON block: one copy, one request. Tools that need it
  // without a page call planPlayerData().

  const fs = options.courseDir ? courseFs(options.courseDir) : undefined;
  for (const copy of copies) {
    if (files.has(copy.to)) continue;
    if (copy.from === 'media') {
      files.set(copy.to, await readFile(path.join(copy.dir, ...copy.file.split('/'))));
    } else if (fs) {
      const bytes = await fs.readBytes(copy.file);
      // A missing file is the checker's finding (missing-file), not a render failure.
      if (bytes && copy.convert === 'srt-to-vtt') {
        // The media stage (ffmpeg, queue and S3 clients) loads only for a course that has SRT captions.
        const { parseCaptions, toWebVtt } = await import('../media/index.js');
        files.set(copy.to, toWebVtt(parseCaptions(new TextDecoder().decode(bytes), copy.file)));
      } else if (bytes) files.set(copy.to, bytes);
    }
  }
  const diagnostics = await danglingReferences(course, data, files, options);
  const sorted = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const bytesOf = (p: string) => {
    const d = files.get(p);
    return d === undefined ? undefined : typeof d === 'string' ? Buffer.byteLength(d) : d.byteLength;
  };
  const learner = learnerDownload(
    data,
    { page: bytesOf('index.html') ?? 0, player: (bytesOf(`${PLAYER_DIR}/player.js`) ?? 0) + (bytesOf(`${PLAYER_DIR}/player.css`) ?? 0) },
    (url) => sizes.get(url) ?? bytesOf(safeDecode(url)),
  );
  return {
    launch: 'index.html',
    files: sorted.map((p) => ({ path: p, data: files.get(p)! })),
    maxStateChars: worstCaseStateChars(course, { keepTexts: data.keepTexts }),
    diagnostics,
    learner,
  };
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** The systemic guard: every reference of the site resolves to one of its files or a player route. */
async function danglingReferences(course: Course, data: ReturnType<typeof planPlayerData>['data'], files: Map<string, SiteFile['data']>, options: RenderOptions): Promise<Diagnostic[]> {
  let mediaOrigin: string | undefined;
  try {
    mediaOrigin = options.mediaBaseUrl ? new URL(options.mediaBaseUrl).origin : undefined;
  } catch {
    mediaOrigin = undefined;
  }
  const ctx = { files: new Set(files.keys()), itemIds: new Set(course.modules.flatMap((m) => m.items.map((i) => i.id))), ...(mediaOrigin ? { mediaOrigin } : {}) };
  const fileOf = (w: { module?: number; item?: number; bank?: number }): string => {
    if (w.bank !== undefined) return data.banks[w.bank]?.file ?? course.source.file;
    const it = course.modules[w.module ?? -1]?.items[w.item ?? -1];
    return it && it.kind !== 'activity' ? it.file : course.source.file;
  };
  // Sources are read only to locate a dangling reference: the usual clean site costs no I/O here.
  let found = checkDataReferences(data, ctx, (w) => ({ file: fileOf(w) }));
  if (found.length && options.courseDir) {
    const fs = courseFs(options.courseDir);
    const texts = new Map<string, Origin>();
    for (const file of new Set(found.map((d) => d.file!))) {
      const read = await fs.read(file).catch(() => undefined);
      texts.set(file, { file, ...(read?.ok ? { text: read.file.text } : {}) });
    }
    found = checkDataReferences(data, ctx, (w) => texts.get(fileOf(w)) ?? { file: fileOf(w) });
  }
  const decode = (d: SiteFile['data'] | undefined) => (d === undefined ? '' : typeof d === 'string' ? d : new TextDecoder().decode(d));
  return [
    ...found,
    ...checkShellReferences(decode(files.get('index.html')), decode(files.get(`${PLAYER_DIR}/player.css`)), ctx, `${PLAYER_DIR}/player.css`),
  ];
}
