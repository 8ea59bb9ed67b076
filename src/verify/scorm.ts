// SCORM packages (1.2 and 2004): imsmanifest.xml at the root, its version told by its namespaces, validated
// against the official schemas (xsd.ts), then the ADL rules that matter for playback (manifest-checks.ts).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { MANIFEST } from '../package/index.js';
import { checkApplicationProfile, checkManifest, detectVersion } from './manifest-checks.js';
import { rules } from './rules.js';
import { append } from './append.js';
import type { PackageReader, Verdict } from './reader.js';
import { MAX_DEPTH, parseXml } from '../util/xml.js';
import { validateXsd } from './xsd.js';

export async function verifyScorm(pkg: PackageReader): Promise<Verdict> {
  const manifestFile = `${pkg.file}!/${MANIFEST}`;
  const diagnostics: Diagnostic[] = [];
  const read = await pkg.readText(MANIFEST);
  if ('diagnostic' in read) return { diagnostics: [read.diagnostic] };
  const text = read.text;
  const parsed = parseXml(text);
  if (!parsed.ok) {
    diagnostics.push(
      parsed.reason === 'too-deep'
        ? rules['manifest-too-deep']({ file: manifestFile, position: { start: parsed.at }, data: { limit: MAX_DEPTH } })
        : rules['manifest-not-xml']({ file: manifestFile, position: { start: parsed.at }, data: { detail: parsed.message } }),
    );
    return { diagnostics };
  }
  const facts = detectVersion(parsed.root, manifestFile);
  append(diagnostics, facts.diagnostics);
  if (!facts.version) return { diagnostics };
  const version = facts.version;

  const xsd = await validateXsd(text, version === '1.2' ? 'scorm12' : 'scorm2004', pkg.engine);
  for (const error of xsd.errors) {
    diagnostics.push(
      rules['manifest-invalid']({
        file: manifestFile,
        ...(error.line ? { position: { start: { line: error.line, column: 1 } } } : {}),
        data: { detail: error.message, formatName: version === '1.2' ? 'SCORM 1.2' : 'SCORM 2004 4th Edition' },
      }),
    );
  }
  append(diagnostics, checkManifest({ root: parsed.root, version, entries: pkg.names, manifestFile, packageFile: pkg.file }));
  append(diagnostics, checkApplicationProfile({ root: parsed.root, version, entries: pkg.names, manifestFile, packageFile: pkg.file }));
  return { diagnostics, version, format: version === '1.2' ? 'scorm12' : 'scorm2004' };
}
