// The official schema files each package carries at its root (vendor/xsd, see PROVENANCE.md there).
// Read from the installed ajar, never from outside it.

import { readFile } from 'node:fs/promises';
import type { ScormFormat } from './site.js';
import { packagePath } from '../util/package-root.js';

/** vendor/xsd of this installation (from src/, lib/ or the bundle alike: util/package-root.ts). */
export const XSD_DIR = packagePath('vendor/xsd/');

/** Schema documents copied into packages, per format (the `_all` wrappers are ajar's own, not shipped). */
export const packagedSchemas: Record<ScormFormat, readonly string[]> = {
  scorm12: ['adlcp_rootv1p2.xsd', 'ims_xml.xsd', 'imscp_rootv1p1p2.xsd', 'imsmd_rootv1p2p1.xsd'],
  scorm2004: [
    'adlcp_v1p3.xsd', 'adlnav_v1p3.xsd', 'adlseq_v1p3.xsd', 'imscp_v1p1.xsd',
    'imsss_v1p0.xsd', 'imsss_v1p0auxresource.xsd', 'imsss_v1p0control.xsd', 'imsss_v1p0delivery.xsd',
    'imsss_v1p0limit.xsd', 'imsss_v1p0objective.xsd', 'imsss_v1p0random.xsd', 'imsss_v1p0rollup.xsd',
    'imsss_v1p0seqrule.xsd', 'imsss_v1p0util.xsd', 'xml.xsd',
  ],
};

export function schemaPath(format: ScormFormat, name: string): string {
  return `${XSD_DIR}${format}/${name}`;
}

export async function readSchemas(format: ScormFormat): Promise<{ path: string; data: Buffer }[]> {
  return Promise.all(packagedSchemas[format].map(async (name) => ({ path: name, data: await readFile(schemaPath(format, name)) })));
}
