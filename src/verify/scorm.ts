// SCORM packages (1.2 and 2004): imsmanifest.xml at the root, its version told by its namespaces, validated
// against the official schemas (xsd.ts), then the ADL rules that matter for playback (manifest-checks.ts).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { MANIFEST, formatName } from '../package/index.js';
import { checkApplicationProfile, checkManifest, detectVersion } from './manifest-checks.js';
import { rules } from './rules.js';
import { append } from './append.js';
import { readStructure, xmlFailureData, type PackageReader, type Verdict } from './reader.js';
import { MAX_DEPTH } from '../util/xml.js';
import { validateXsd } from './xsd.js';

export async function verifyScorm(pkg: PackageReader): Promise<Verdict> {
  const read = await readStructure(pkg, MANIFEST, (failure, file) =>
    failure.reason === 'too-deep'
      ? rules['manifest-too-deep']({ file, position: { start: failure.at }, data: { limit: MAX_DEPTH } })
      : rules['manifest-not-xml']({ file, position: { start: failure.at }, data: xmlFailureData(failure) }),
  );
  if ('failed' in read) return { diagnostics: read.failed };
  const { file: manifestFile, text, root } = read;
  const diagnostics: Diagnostic[] = [];
  const facts = detectVersion(root, manifestFile);
  append(diagnostics, facts.diagnostics);
  if (!facts.version) return { diagnostics };
  const version = facts.version;

  const format = version === '1.2' ? 'scorm12' : 'scorm2004';
  const xsd = await validateXsd(text, format, pkg.engine);
  for (const error of xsd.errors) {
    diagnostics.push(
      rules['manifest-invalid']({
        file: manifestFile,
        ...(error.line ? { position: { start: { line: error.line, column: 1 } } } : {}),
        data: { detail: error.message, formatName: formatName[format] },
      }),
    );
  }
  append(diagnostics, checkManifest({ root: root, version, entries: pkg.names, manifestFile, packageFile: pkg.file }));
  append(diagnostics, checkApplicationProfile({ root: root, version, entries: pkg.names, manifestFile, packageFile: pkg.file }));
  return { diagnostics, version, format };
}
