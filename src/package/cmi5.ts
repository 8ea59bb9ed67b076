// cmi5 and xAPI (Tin Can) packages: a rendered site (target 'cmi5' / 'xapi') plus the course structure
// (cmi5.xml, valid against the cmi5 CourseStructure.xsd) or tincan.xml at the root, and `ajar/xapi.json`
// (the course IRI, JP hours and competencies the tracker puts in every statement's context).
// Pure: text from data; the format registry (formats.ts) turns the entries into plans like the SCORM ones.

import type { Course } from '../core/model/course.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { childIri, courseIri, type CourseIdentity } from '../core/statements.js';
import { masteryScore, byCodePoint } from './manifest.js';
import { escapeXml, xmlAttrs } from '../util/xml.js';
import { hrefOf } from './xml.js';
import { rules } from './rules.js';
import type { PackageSite } from './site.js';
import { checkSitePaths } from './scorm.js';
import type { ZipEntry } from './zip.js';
import { tincanXml } from './tincan.js';

export const CMI5_XML = 'cmi5.xml';
export const TINCAN_XML = 'tincan.xml';
export const XAPI_JSON = 'ajar/xapi.json';
export const CMI5_NS = 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd';

export type XapiFormat = 'cmi5' | 'xapi';
export type MoveOn = 'NotApplicable' | 'Passed' | 'Completed' | 'CompletedAndPassed' | 'CompletedOrPassed';

export interface Cmi5Options {
  /** One AU for the course (default) or one per module (ajar.yaml `build.cmi5_au: module`). */
  readonly au?: 'course' | 'module';
}

export function courseIdentity(course: Course): CourseIdentity {
  return {
    iri: courseIri(course.id),
    language: course.language,
    title: course.title,
    jp: course.jp,
    competencies: [...course.competencies],
    ...(course.institution !== undefined ? { institution: course.institution } : {}),
  };
}

/** The course's completion rule as cmi5 moveOn. */
export function courseMoveOn(course: Course): MoveOn {
  return course.completion === 'all' ? 'Completed' : course.completion === 'pass' ? 'Passed' : 'CompletedAndPassed';
}

/** 0–100 → the cmi5 decimal 0–1 with at most 4 places. */
function scaled(grade: number): string {
  return String(Math.round(Math.min(100, Math.max(0, grade)) * 100) / 10000);
}

export interface AuPlan {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly moveOn: MoveOn;
  readonly masteryScore?: string;
}

export function auPlans(course: Course, site: Pick<PackageSite, 'launch'>, options: Cmi5Options = {}): AuPlan[] {
  const iri = courseIri(course.id);
  const launch = hrefOf(site.launch);
  if (options.au !== 'module') {
    const mastery = masteryScore(course);
    return [
      {
        id: childIri(iri, 'au'),
        title: course.title,
        description: course.description || course.title,
        url: launch,
        moveOn: courseMoveOn(course),
        ...(mastery !== undefined ? { masteryScore: scaled(mastery) } : {}),
      },
    ];
  }
  return course.modules.map((m) => {
    const judged = m.items.filter((i) => i.kind === 'quiz' && (i.role === 'unit' || i.role === 'post'));
    const grade = judged.length ? Math.max(...judged.map((q) => (q.kind === 'quiz' ? q.settings.passingGrade : 0))) : undefined;
    return {
      id: childIri(iri, 'au', m.id),
      title: m.title,
      description: m.group ? `${m.group.title} — ${m.title}` : m.title,
      url: `${launch}?ajar-au=${encodeURIComponent(m.id)}`,
      moveOn: grade !== undefined ? 'CompletedAndPassed' : 'Completed',
      ...(grade !== undefined ? { masteryScore: scaled(grade) } : {}),
    };
  });
}

function text(tag: string, value: string, lang: string, indent: string): string {
  return `${indent}<${tag}><langstring${xmlAttrs({ lang })}>${escapeXml(value)}</langstring></${tag}>`;
}

/** cmi5.xml: course id, titles and descriptions in the course language, competencies as objectives, the AUs. */
export function cmi5Xml(course: Course, site: Pick<PackageSite, 'launch'>, options: Cmi5Options = {}): string {
  const iri = courseIri(course.id);
  const lang = course.language;
  const objectives = course.competencies.map((c, i) => ({ id: childIri(iri, 'competency', String(i + 1)), title: c }));
  const objectivesXml = objectives.length
    ? `  <objectives>\n${objectives
        .map((o) => `    <objective${xmlAttrs({ id: o.id })}>\n${text('title', o.title, lang, '      ')}\n${text('description', o.title, lang, '      ')}\n    </objective>`)
        .join('\n')}\n  </objectives>\n`
    : '';
  const refs = objectives.length ? `    <objectives>\n${objectives.map((o) => `      <objective${xmlAttrs({ idref: o.id })}/>`).join('\n')}\n    </objectives>\n` : '';
  const aus = auPlans(course, site, options)
    .map(
      (au) =>
        `  <au${xmlAttrs({ id: au.id, moveOn: au.moveOn, masteryScore: au.masteryScore, launchMethod: 'AnyWindow' })}>\n` +
        `${text('title', au.title, lang, '    ')}\n${text('description', au.description, lang, '    ')}\n${refs}` +
        `    <url>${escapeXml(au.url)}</url>\n  </au>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<courseStructure${xmlAttrs({ xmlns: CMI5_NS })}>
  <course${xmlAttrs({ id: iri })}>
${text('title', course.title, lang, '    ')}
${text('description', course.description || course.title, lang, '    ')}
  </course>
${objectivesXml}${aus}
</courseStructure>
`;
}

/** Every entry of a cmi5 or xAPI package, sorted, the course structure first; checks the site's paths. */
export function xapiPackageEntries(course: Course, site: PackageSite, format: XapiFormat, options: Cmi5Options = {}): { entries: ZipEntry[]; diagnostics: Diagnostic[] } {
  const diagnostics = checkSitePaths(site, new Set([CMI5_XML, TINCAN_XML, XAPI_JSON]));
  if (diagnostics.length) return { entries: [], diagnostics };
  const structure = format === 'cmi5' ? CMI5_XML : TINCAN_XML;
  const xml = format === 'cmi5' ? cmi5Xml(course, site, options) : tincanXml(course, site);
  const rest: ZipEntry[] = [...site.files, { path: XAPI_JSON, data: JSON.stringify(courseIdentity(course)) }].sort((a, b) => byCodePoint(a.path, b.path));
  return { entries: [{ path: structure, data: xml }, ...rest], diagnostics };
}
