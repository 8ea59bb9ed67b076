// renderSite: the learner-facing site of a course for one target — the launch page, the player bundle,
// the course data and every file the course refers to. Packaging zips these files; preview serves them.

import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Course } from '../core/model/course.js';
import { courseFs, safeDecode } from '../source/files.js';
import { worstCaseStateChars } from '../core/state.js';
import { AjarError } from '../diagnostics/errors.js';
import { rules } from './rules.js';
import { planCourseData, playerDataFor, type CourseData } from './player-data.js';
import { jsonForScript, launchPageWith } from './page.js';
import { mapQuestions, sealQuestion } from '../core/seal.js';
import { checkDataReferences, checkShellReferences, type Origin } from './references.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { RenderOptions, Site, SiteFile, SiteTarget } from './site.js';
import { learnerDownload, type LearnerDownload } from './learner.js';
import { packagePath } from '../util/package-root.js';

export type { Site, SiteFile, SiteTarget, RenderOptions } from './site.js';
export { planPlayerData } from './player-data.js';
export type { LearnerDownload } from './learner.js';
export { learnerCost } from './learner.js';

/** Player bundle files, in the site under this folder. */
export const PLAYER_DIR = 'ajar';

/** Where the built bundle is: lib/player/ of this package (from src/render or lib/render alike). */
export function playerBundleDir(): string {
  return packagePath('lib/player/');
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

/** Renders the sites of one course for several targets, making what they share once. */
export interface SiteRenderer {
  site(target: SiteTarget): Promise<Site>;
}

/**
 * The sites of a course for each target of a build: the course data (every lesson, quiz and bank, sealed and
 * serialised), the files it refers to and the check of its references are the same for every target and made
 * once, on the first `site()`; each target adds only its fields of the data (target, state limit, commit
 * interval), its page and its state size. Each site is byte for byte what `renderSite` gives.
 */
export function siteRenderer(course: Course, options: RenderOptions = {}): SiteRenderer {
  let shared: Promise<Shared> | undefined;
  return { site: async (target) => siteOf(await (shared ??= prepare(course, options)), course, target, options) };
}

export async function renderSite(course: Course, target: SiteTarget, options: RenderOptions = {}): Promise<Site> {
  return siteRenderer(course, options).site(target);
}

interface Shared {
  readonly data: CourseData;
  /** The sealed modules and banks as the page's JSON block carries them (jsonForScript). */
  readonly json: { readonly modules: string; readonly banks: string };
  /** Every file but the launch page. */
  readonly files: ReadonlyMap<string, SiteFile['data']>;
  readonly sizes: ReadonlyMap<string, number>;
  /** Dangling references in the course data (the same for every target). */
  readonly diagnostics: readonly Diagnostic[];
  readonly stateChars: Map<boolean, number>;
}

async function prepare(course: Course, options: RenderOptions): Promise<Shared> {
  const { data, copies, sizes } = planCourseData(course, options);
  const bundle = await readBundle();
  const files = new Map<string, SiteFile['data']>();
  files.set(`${PLAYER_DIR}/player.js`, bundle.js);
  files.set(`${PLAYER_DIR}/player.css`, bundle.css);
  // The course data lives only in the page's JSON block: one copy, one request. Tools that need it
  // without a page call planPlayerData().

  const fs = options.courseDir ? courseFs(options.courseDir) : undefined;
  for (const copy of copies) {
    if (files.has(copy.to) || copy.to === 'index.html') continue;
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
  const sealed = mapQuestions(data, sealQuestion);
  return {
    data,
    json: { modules: jsonForScript(sealed.modules), banks: jsonForScript(sealed.banks) },
    files,
    sizes,
    diagnostics: await dataReferences(course, data, new Set([...files.keys(), 'index.html']), options),
    stateChars: new Map(),
  };
}

const MODULES = '\u0000ajar-modules';
const BANKS = '\u0000ajar-banks';

async function siteOf(shared: Shared, course: Course, target: SiteTarget, options: RenderOptions): Promise<Site> {
  // The page's JSON: this target's fields around the shared modules and banks, in the keys' one order.
  const header = jsonForScript(playerDataFor({ ...shared.data, modules: MODULES, banks: BANKS }, target, options.commitEveryMs));
  const json = header
    .replace(`"modules":${JSON.stringify(MODULES)}`, () => `"modules":${shared.json.modules}`)
    .replace(`"banks":${JSON.stringify(BANKS)}`, () => `"banks":${shared.json.banks}`);
  const pageOptions = { ...(options.mediaBaseUrl ? { mediaBaseUrl: options.mediaBaseUrl } : {}), assetPrefix: `${PLAYER_DIR}/`, ...(options.debug ? { debug: true } : {}) };
  const page = launchPageWith({ language: shared.data.language, title: shared.data.title, target }, json, pageOptions);
  const files = new Map(shared.files);
  files.set('index.html', page);
  const sorted = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const keepTexts = target !== 'scorm12';
  let stateChars = shared.stateChars.get(keepTexts);
  if (stateChars === undefined) shared.stateChars.set(keepTexts, (stateChars = worstCaseStateChars(course, { keepTexts })));
  // The launch page's and player's own references (a JSON block escapes every '<', so the page without it has the same).
  const shell = checkShellReferences(
    launchPageWith({ language: shared.data.language, title: shared.data.title, target }, '', pageOptions),
    decode(files.get(`${PLAYER_DIR}/player.css`)),
    { files: new Set(files.keys()), itemIds: new Set(course.modules.flatMap((m) => m.items.map((i) => i.id))), ...mediaOriginOf(options) },
    `${PLAYER_DIR}/player.css`,
  );
  const bytesOf = (p: string) => {
    const d = files.get(p);
    return d === undefined ? undefined : typeof d === 'string' ? Buffer.byteLength(d) : d.byteLength;
  };
  let learner: LearnerDownload | undefined;
  return {
    launch: 'index.html',
    files: sorted.map((p) => ({ path: p, data: files.get(p)! })),
    maxStateChars: stateChars,
    diagnostics: [...shared.diagnostics, ...shell],
    // Measured when asked for (a build reports the first format's).
    get learner() {
      return (learner ??= learnerDownload(
        shared.data,
        { page: bytesOf('index.html') ?? 0, player: (bytesOf(`${PLAYER_DIR}/player.js`) ?? 0) + (bytesOf(`${PLAYER_DIR}/player.css`) ?? 0) },
        (url) => shared.sizes.get(url) ?? bytesOf(safeDecode(url)),
      ));
    },
  };
}

const decode = (d: SiteFile['data'] | undefined) => (d === undefined ? '' : typeof d === 'string' ? d : new TextDecoder().decode(d));

function mediaOriginOf(options: RenderOptions): { mediaOrigin?: string } {
  try {
    return options.mediaBaseUrl ? { mediaOrigin: new URL(options.mediaBaseUrl).origin } : {};
  } catch {
    return {};
  }
}

/** The systemic guard: every reference of the course data resolves to one of the site's files or a player route. */
async function dataReferences(course: Course, data: CourseData, files: ReadonlySet<string>, options: RenderOptions): Promise<Diagnostic[]> {
  const ctx = { files, itemIds: new Set(course.modules.flatMap((m) => m.items.map((i) => i.id))), ...mediaOriginOf(options) };
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
  return found;
}
