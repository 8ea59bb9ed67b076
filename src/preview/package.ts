// A package as the preview LMS imports it: every file in memory, and what an LMS reads to launch it — the AUs
// of cmi5.xml, the launchable activity of tincan.xml, or the SCO of imsmanifest.xml. The same reading serves a
// built zip (ours or anyone's; bounded reads through verify's zip reader, unsafe entry names skipped) and a
// course previewed from its sources, whose package the pipeline plans in memory with build's own builders.

import { openZip, readEntry, xmlFailureData, ZipFormatError } from '../verify/index.js';
import { attr, children, descendants, parseXml, type XmlElement } from '../util/xml.js';
import { familyOrder, packageFamilyOf } from '../package/index.js';
import type { AuLaunchInfo } from './lrs.js';
import type { PreviewMode } from './pages.js';
import { isSafeRelativePath } from '../util/paths.js';

export interface PreviewPackage {
  readonly mode: PreviewMode;
  readonly title: string;
  readonly lang: 'id' | 'en';
  readonly files: Map<string, Uint8Array | string>;
  /** cmi5: the AUs; Tin Can: the root activity; SCORM: the SCO. */
  readonly aus: readonly AuLaunchInfo[];
}

const MAX_FILE = 512 * 1024 * 1024;
/** Most entries a package played here may have (as many as `ajar verify` accepts). */
const MAX_ENTRIES = 100_000;

/**
 * Why a package cannot be played, as data for preview-bad-package: a `reason` code (worded in preview/rules.ts)
 * with names and numbers, and only a foreign tool's own words (the XML parser's, the file system's) as `detail`.
 */
export class UnplayablePackage extends Error {
  constructor(readonly data: Readonly<Record<string, string | number>>) {
    super(String(data.reason));
    this.name = 'UnplayablePackage';
  }
}

/** preview-bad-package's data for whatever stopped a package from opening. */
export function unplayableData(error: unknown): Readonly<Record<string, string | number>> {
  if (error instanceof UnplayablePackage) return error.data;
  return { reason: 'io', detail: error instanceof Error ? error.message : String(error) };
}

/** A zip that cannot be read, as an UnplayablePackage (the entry named when it is one entry that fails). */
function unreadable(error: unknown, entry?: string): unknown {
  if (!(error instanceof ZipFormatError)) return error;
  if (error.reason === 'too-many-entries') return new UnplayablePackage({ reason: 'too-many-entries', count: error.count ?? 0, limit: MAX_ENTRIES });
  if (entry !== undefined && error.reason === 'too-large') return new UnplayablePackage({ reason: 'entry-too-large', entry, limit: MAX_FILE });
  return new UnplayablePackage({ reason: 'unreadable', zip: error.reason, ...(entry !== undefined ? { entry } : {}) });
}

function text(el: XmlElement | undefined): string {
  if (!el) return '';
  if (el.text.trim()) return el.text.trim();
  for (const d of descendants(el)) if (d.text.trim()) return d.text.trim();
  return '';
}

function first(el: XmlElement, local: string): XmlElement | undefined {
  return children(el, local)[0];
}

export async function readPackage(file: string): Promise<PreviewPackage> {
  const { directory, handle } = await openZip(file, MAX_ENTRIES).catch((error: unknown) => {
    throw unreadable(error);
  });
  const files = new Map<string, Uint8Array>();
  try {
    for (const e of directory.entries) {
      if (e.isDirectory || e.isSymlink || e.encrypted || !isSafeRelativePath(e.name, { directories: true })) continue;
      files.set(
        e.name,
        await readEntry(handle, e, MAX_FILE).catch((error: unknown) => {
          throw unreadable(error, e.name);
        }),
      );
    }
  } finally {
    await handle.close();
  }
  return describePackage(files);
}

/** What an LMS launches in a package's files: read from its structure file, told apart as `ajar verify` does. */
export function describePackage(files: Map<string, Uint8Array | string>): PreviewPackage {
  const family = packageFamilyOf(files.keys());
  const xml = (name: string) => {
    const data = files.get(name);
    if (!data) return undefined;
    const parsed = parseXml(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    if (!parsed.ok) throw new UnplayablePackage({ reason: 'not-xml', name, ...xmlFailureData(parsed) });
    return parsed.root;
  };
  const lang = (s: string | undefined): 'id' | 'en' => (s?.toLowerCase().startsWith('id') ? 'id' : 'en');

  // The structure file the format registry names for this family (cmi5.xml, tincan.xml, imsmanifest.xml).
  const structure = familyOrder.find((f) => f.family === family)?.structure;
  const root = structure !== undefined ? xml(structure) : undefined;
  const cmi5 = family === 'cmi5' ? root : undefined;
  if (cmi5) {
    const course = first(cmi5, 'course');
    const langstring = course ? first(first(course, 'title') ?? course, 'langstring') : undefined;
    const aus = [...descendants(cmi5)]
      .filter((e) => e.local === 'au')
      .map((au) => {
        const mastery = attr(au, 'masteryScore');
        return {
          publisherId: attr(au, 'id') ?? '',
          moveOn: attr(au, 'moveOn') ?? 'NotApplicable',
          ...(mastery !== undefined ? { masteryScore: Number(mastery) } : {}),
          url: text(first(au, 'url')),
          title: text(first(au, 'title')),
        };
      });
    return { mode: 'cmi5', title: text(langstring) || 'cmi5', lang: lang(langstring ? attr(langstring, 'lang') : undefined), files, aus };
  }
  const tincan = family === 'xapi' ? root : undefined;
  if (tincan) {
    const activity = [...descendants(tincan)].find((e) => e.local === 'activity' && first(e, 'launch'));
    if (!activity) throw new UnplayablePackage({ reason: 'no-launch', name: structure! });
    const name = first(activity, 'name');
    return {
      mode: 'xapi',
      title: text(name) || 'xAPI',
      lang: lang(name ? attr(name, 'lang') : undefined),
      files,
      aus: [{ publisherId: attr(activity, 'id') ?? '', moveOn: 'NotApplicable', url: text(first(activity, 'launch')), title: text(name) }],
    };
  }
  const manifest = family === 'scorm' ? root : undefined;
  if (manifest) {
    const version = [...descendants(manifest)].find((e) => e.local === 'schemaversion');
    const mode: PreviewMode = text(version) === '1.2' ? 'scorm12' : 'scorm2004';
    const sco = [...descendants(manifest)].find((e) => e.local === 'resource' && /^sco$/i.test(e.attributes.find((a) => a.local.toLowerCase() === 'scormtype')?.value ?? ''));
    const title = [...descendants(manifest)].find((e) => e.local === 'title');
    return { mode, title: text(title) || 'SCORM', lang: 'id', files, aus: [{ publisherId: '', moveOn: 'NotApplicable', url: (sco && attr(sco, 'href')) ?? 'index.html', title: text(title) }] };
  }
  throw new UnplayablePackage({ reason: 'no-structure' });
}
