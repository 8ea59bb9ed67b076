// xAPI (Tin Can) packages: tincan.xml at the root, well-formed, with at least one <activity> whose <launch>
// leads to a file in the zip or to an https address. There is no official XSD for tincan.xml.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { TINCAN_XML } from '../package/index.js';
import { launchTarget } from './launch-url.js';
import { rules } from './rules.js';
import { readStructure, xmlFailureData, type PackageReader, type Verdict } from './reader.js';
import { attr, children, descendants } from '../util/xml.js';

export async function verifyTincan(pkg: PackageReader): Promise<Verdict> {
  const read = await readStructure(pkg, TINCAN_XML, (failure, file) => rules['tincan-not-xml']({ file, position: { start: failure.at }, data: xmlFailureData(failure) }));
  if ('failed' in read) return { format: 'xapi', diagnostics: read.failed };
  const { file: where, root } = read;

  const diagnostics: Diagnostic[] = [];
  const files = new Set(pkg.names);
  let launches = 0;
  for (const activity of descendants(root)) {
    if (activity.local !== 'activity') continue;
    for (const launch of children(activity, 'launch')) {
      const url = launch.text.trim();
      if (!url) continue;
      launches++;
      const at = { file: where, position: { start: launch.start } };
      const id = attr(activity, 'id') ?? '';
      const target = launchTarget(url, files);
      if (target.kind === 'unsupported') diagnostics.push(rules['tincan-launch-unsupported']({ ...at, data: { url, activity: id, reason: target.reason } }));
      else if (target.kind === 'inside' && !target.present) {
        diagnostics.push(rules['tincan-launch-missing']({ ...at, data: { url, activity: id, ...(target.suggestion ? { suggestion: target.suggestion } : {}) } }));
      }
    }
  }
  if (launches === 0) diagnostics.push(rules['tincan-no-launch']({ file: where, position: { start: root.start } }));
  return { format: 'xapi', diagnostics };
}
