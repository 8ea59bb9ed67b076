// tincan.xml (Tin Can / xAPI package metadata, RusticiSoftware/launch "lms_lrs.md"): one launchable root
// activity (the course) and, for reporting systems, the names of the lessons and quizzes the player
// reports on. There is no official XSD to validate against; the structure follows projecttincan.com/tincan.xsd.

import type { Course } from '../core/model/course.js';
import { ACTIVITY_TYPE, childIri, courseIri } from '../core/statements.js';
import { escapeXml, xmlAttrs } from '../util/xml.js';
import { hrefOf } from './xml.js';
import type { PackageSite } from './site.js';

function activity(id: string, type: string, name: string, description: string | undefined, lang: string, launch?: string): string {
  return (
    `    <activity${xmlAttrs({ id, type })}>\n` +
    `      <name${xmlAttrs({ lang })}>${escapeXml(name)}</name>\n` +
    (description ? `      <description${xmlAttrs({ lang })}>${escapeXml(description)}</description>\n` : '') +
    (launch ? `      <launch${xmlAttrs({ lang })}>${escapeXml(launch)}</launch>\n` : '') +
    `    </activity>`
  );
}

export function tincanXml(course: Course, site: Pick<PackageSite, 'launch'>): string {
  const iri = courseIri(course.id);
  const lang = course.language;
  const items = course.modules.flatMap((m) =>
    m.items
      .filter((i) => i.kind === 'lesson' || i.kind === 'quiz')
      .map((i) =>
        i.kind === 'lesson'
          ? activity(childIri(iri, 'lesson', i.id), ACTIVITY_TYPE.lesson, i.title, m.title, lang)
          : activity(childIri(iri, 'quiz', i.id), ACTIVITY_TYPE.assessment, i.title, m.title, lang),
      ),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
${[activity(iri, ACTIVITY_TYPE.course, course.title, course.description || course.title, lang, hrefOf(site.launch)), ...items].join('\n')}
  </activities>
</tincan>
`;
}
