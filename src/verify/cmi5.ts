// cmi5 packages: cmi5.xml at the root, valid against the cmi5 CourseStructure.xsd (vendor/xsd/cmi5), every AU's
// <url> leading to a file in the zip or to an https address, moveOn consistent with masteryScore, ids of the
// course, blocks, AUs and objectives unique (the spec asks for globally unique IRIs; an LMS keys its records
// on them), and every objective an AU or block refers to defined in the course's <objectives>.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CMI5_NS, CMI5_XML } from '../package/index.js';
import { launchTarget } from './launch-url.js';
import { rules } from './rules.js';
import { readStructure, xmlFailureData, type PackageReader, type Verdict } from './reader.js';
import { attr, children, descendants } from '../util/xml.js';
import { validateXsd } from './xsd.js';

const judgesPass = new Set(['Passed', 'CompletedAndPassed', 'CompletedOrPassed']);

export async function verifyCmi5(pkg: PackageReader): Promise<Verdict> {
  const read = await readStructure(pkg, CMI5_XML, (failure, file) => rules['cmi5-not-xml']({ file, position: { start: failure.at }, data: xmlFailureData(failure) }));
  if ('failed' in read) return { format: 'cmi5', diagnostics: read.failed };
  const { file: where, root } = read;

  const diagnostics: Diagnostic[] = [];
  const xsd = await validateXsd(read.text, 'cmi5', pkg.engine);
  for (const error of xsd.errors) {
    diagnostics.push(rules['cmi5-invalid']({ file: where, ...(error.line ? { position: { start: { line: error.line, column: 1 } } } : {}), data: { detail: error.message } }));
  }

  const seen = new Map<string, number>();
  const defined = new Set<string>();
  const refs: { idref: string; line: number; column: number }[] = [];
  for (const el of descendants(root)) {
    if (el.uri !== CMI5_NS) continue;
    const isObjectiveRef = el.local === 'objective' && el.parent?.parent?.local !== 'courseStructure';
    if (isObjectiveRef) {
      const idref = attr(el, 'idref');
      if (idref !== undefined) refs.push({ idref, ...el.start });
      continue;
    }
    if (!['course', 'block', 'au', 'objective'].includes(el.local)) continue;
    const id = attr(el, 'id');
    if (id === undefined) continue;
    if (el.local === 'objective') defined.add(id);
    const first = seen.get(id);
    if (first !== undefined) diagnostics.push(rules['cmi5-duplicate-id']({ file: where, position: { start: el.start }, data: { id, element: el.local, firstLine: first } }));
    else seen.set(id, el.start.line);
  }
  for (const ref of refs) {
    if (!defined.has(ref.idref)) diagnostics.push(rules['cmi5-objective-unknown']({ file: where, position: { start: { line: ref.line, column: ref.column } }, data: { idref: ref.idref } }));
  }

  const files = new Set(pkg.names);
  for (const au of descendants(root)) {
    if (au.local !== 'au' || au.uri !== CMI5_NS) continue;
    const id = attr(au, 'id') ?? '';
    const urlElement = children(au, 'url', CMI5_NS)[0];
    const url = urlElement?.text.trim() ?? '';
    if (urlElement && url) {
      const at = { file: where, position: { start: urlElement.start } };
      const target = launchTarget(url, files);
      if (target.kind === 'unsupported') diagnostics.push(rules['cmi5-au-url-unsupported']({ ...at, data: { url, au: id, reason: target.reason } }));
      else if (target.kind === 'inside' && !target.present) {
        diagnostics.push(rules['cmi5-au-url-missing']({ ...at, data: { url, au: id, target: target.target, ...(target.suggestion ? { suggestion: target.suggestion } : {}) } }));
      }
    }
    const moveOn = attr(au, 'moveOn') ?? 'NotApplicable';
    const mastery = attr(au, 'masteryScore');
    const at = { file: where, position: { start: au.start } };
    if (judgesPass.has(moveOn) && mastery === undefined) diagnostics.push(rules['cmi5-passed-without-mastery']({ ...at, data: { au: id, moveOn } }));
    if (!judgesPass.has(moveOn) && mastery !== undefined) diagnostics.push(rules['cmi5-mastery-ignored']({ ...at, data: { au: id, moveOn, masteryScore: mastery } }));
  }
  return { format: 'cmi5', diagnostics };
}
