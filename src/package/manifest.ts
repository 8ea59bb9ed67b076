// imsmanifest.xml for SCORM 1.2 and SCORM 2004 4th Edition: pure functions from a course and its rendered
// site to text. One SCO per course (the player is a single page app), every file of the site listed in its
// resource, identifiers derived from the course id, the mastery score from the passing grade, no inline
// metadata (the 2004 LOM schemas are not shipped). Element order follows the official XSDs in vendor/xsd.

import type { Course } from '../core/model/course.js';
import { escapeXml, xmlAttrs } from '../util/xml.js';
import { hrefOf, truncate } from './xml.js';
import { manifestIds } from './ids.js';
import type { PackageSite } from './site.js';

export const MANIFEST = 'imsmanifest.xml';

/** Titles: SCORM 1.2 allows 200 characters (imscp titleType); 2004's SPM is the same. */
const TITLE_MAX = 200;

/** Mastery applies only when completion involves passing: with `all`, a mastery score would make the LMS turn
 *  "completed" into passed/failed on its own. */
export function masteryScore(course: Course): number | undefined {
  return course.completion === 'all' ? undefined : course.passingGrade;
}

export interface ManifestOptions {
  /** Write the mastery score (default true); off for LMSs that rewrite the status from it (docs/lms.md, Moodle). */
  readonly mastery?: boolean;
}

function fileList(site: PackageSite, indent: string): string {
  return [...site.files]
    .map((f) => f.path)
    .sort(byCodePoint)
    .map((p) => `${indent}<file${xmlAttrs({ href: hrefOf(p) })}/>`)
    .join('\n');
}

export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function scormManifest12(course: Course, site: PackageSite, options: ManifestOptions = {}): string {
  const ids = manifestIds(course.id);
  const title = escapeXml(truncate(course.title, TITLE_MAX));
  const mastery = options.mastery === false ? undefined : masteryScore(course);
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest${xmlAttrs({
    identifier: ids.manifest,
    version: truncate(course.version, 20),
    xmlns: 'http://www.imsproject.org/xsd/imscp_rootv1p1p2',
    'xmlns:adlcp': 'http://www.adlnet.org/xsd/adlcp_rootv1p2',
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation':
      'http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd ' +
      'http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd ' +
      'http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd',
  })}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations${xmlAttrs({ default: ids.organization })}>
    <organization${xmlAttrs({ identifier: ids.organization })}>
      <title>${title}</title>
      <item${xmlAttrs({ identifier: ids.item, identifierref: ids.resource, isvisible: 'true' })}>
        <title>${title}</title>${mastery === undefined ? '' : `\n        <adlcp:masteryscore>${decimal(mastery)}</adlcp:masteryscore>`}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource${xmlAttrs({ identifier: ids.resource, type: 'webcontent', 'adlcp:scormtype': 'sco', href: hrefOf(site.launch) })}>
${fileList(site, '      ')}
    </resource>
  </resources>
</manifest>
`;
}

export function scormManifest2004(course: Course, site: PackageSite, options: ManifestOptions = {}): string {
  const ids = manifestIds(course.id);
  const title = escapeXml(truncate(course.title, TITLE_MAX));
  const mastery = options.mastery === false ? undefined : masteryScore(course);
  const sequencing =
    mastery === undefined
      ? ''
      : `
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective${xmlAttrs({ objectiveID: ids.objective, satisfiedByMeasure: 'true' })}>
              <imsss:minNormalizedMeasure>${decimal(mastery / 100)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest${xmlAttrs({
    identifier: ids.manifest,
    version: course.version,
    xmlns: 'http://www.imsglobal.org/xsd/imscp_v1p1',
    'xmlns:adlcp': 'http://www.adlnet.org/xsd/adlcp_v1p3',
    'xmlns:adlseq': 'http://www.adlnet.org/xsd/adlseq_v1p3',
    'xmlns:adlnav': 'http://www.adlnet.org/xsd/adlnav_v1p3',
    'xmlns:imsss': 'http://www.imsglobal.org/xsd/imsss',
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation':
      'http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd ' +
      'http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd ' +
      'http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd ' +
      'http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd ' +
      'http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd',
  })}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations${xmlAttrs({ default: ids.organization })}>
    <organization${xmlAttrs({ identifier: ids.organization })}>
      <title>${title}</title>
      <item${xmlAttrs({ identifier: ids.item, identifierref: ids.resource, isvisible: 'true' })}>
        <title>${title}</title>${sequencing}
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource${xmlAttrs({ identifier: ids.resource, type: 'webcontent', 'adlcp:scormType': 'sco', href: hrefOf(site.launch) })}>
${fileList(site, '      ')}
    </resource>
  </resources>
</manifest>
`;
}

/** A plain decimal without float noise: 0.8, 75, 0.6667. */
function decimal(n: number): string {
  return String(Number(n.toFixed(4)));
}
