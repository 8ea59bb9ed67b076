// What a manifest says, checked against itself and against the files in the zip. Pure: the parsed manifest
// and the list of entries in, diagnostics out.

import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Position } from '../core/model/course.js';
import { rules } from './rules.js';
import { attr, children, descendants, type XmlElement } from '../util/xml.js';

export type ScormVersion = '1.2' | '2004';

export const ns = {
  cp12: 'http://www.imsproject.org/xsd/imscp_rootv1p1p2',
  cp2004: 'http://www.imsglobal.org/xsd/imscp_v1p1',
  adlcp12: 'http://www.adlnet.org/xsd/adlcp_rootv1p2',
  adlcp2004: 'http://www.adlnet.org/xsd/adlcp_v1p3',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

export const versionName: Record<ScormVersion, string> = { '1.2': 'SCORM 1.2', '2004': 'SCORM 2004' };

const at = (e: XmlElement): Position => ({ start: e.start });

/**
 * An identifier attribute as XSD reads it: xs:ID, xs:IDREF and xs:NCName (and xs:anyURI) values are
 * whitespace-collapsed, so `identifier="  CASETEST "` is CASETEST (ADL's conformance packages pad them).
 */
export function idAttr(element: XmlElement, local: string): string | undefined {
  const value = attr(element, local);
  return value === undefined ? undefined : collapse(value);
}

export function collapse(value: string): string {
  return value.replace(/[ \t\r\n]+/g, ' ').trim();
}

export interface VersionFacts {
  /** From the root namespace: what the schemas will be checked against. */
  readonly version?: ScormVersion;
  /** The <schemaversion> text, when present. */
  readonly declared?: string;
  readonly diagnostics: Diagnostic[];
}

/**
 * What a <schemaversion> text means, as Moodle maps it: "1.3", "CAM 1.3" and any "2004 … Edition" are SCORM
 * 2004 (CAM 1.3 is its content aggregation model); "1.2" (and the older "1.1"/"1.0"/"CAM 1.2") are SCORM 1.2.
 */
export function versionOfDeclaration(text: string): ScormVersion | undefined {
  const t = text.trim();
  if (/^(?:CAM\s*)?1\.3$/i.test(t) || /^(?:SCORM\s*)?2004\b/i.test(t)) return '2004';
  if (/^(?:CAM\s*)?1\.[0-2]$/i.test(t)) return '1.2';
  return undefined;
}

export function detectVersion(root: XmlElement, file: string): VersionFacts {
  const diagnostics: Diagnostic[] = [];
  const version: ScormVersion | undefined = root.uri === ns.cp12 ? '1.2' : root.uri === ns.cp2004 ? '2004' : undefined;
  if (!version || root.local !== 'manifest') {
    diagnostics.push(rules['scorm-version-unknown']({ file, position: at(root), data: { namespace: `${root.uri}` || `(${root.name})` } }));
    return { diagnostics };
  }
  const schemaversion = children(root, 'metadata', root.uri).flatMap((m) => children(m, 'schemaversion', root.uri))[0];
  const declared = schemaversion?.text.trim();
  if (!schemaversion) {
    diagnostics.push(rules['scorm-version-undeclared']({ file, position: at(root), data: { expected: version === '1.2' ? '1.2' : '2004 4th Edition' } }));
  } else {
    const claimed = versionOfDeclaration(declared ?? '');
    if (claimed && claimed !== version) {
      diagnostics.push(
        rules['scorm-version-mismatch']({
          file,
          position: at(schemaversion),
          data: { what: '<schemaversion>', declared: `${declared} (${versionName[claimed]})`, actual: versionName[version] },
        }),
      );
    }
  }
  // The SCO/asset attribute is spelled per version (1.2 adlcp:scormtype, 2004 adlcp:scormType) in its own namespace.
  const want = version === '1.2' ? { uri: ns.adlcp12, local: 'scormtype' } : { uri: ns.adlcp2004, local: 'scormType' };
  for (const e of descendants(root)) {
    if (e.local !== 'resource') continue;
    for (const a of e.attributes) {
      if (a.local.toLowerCase() !== 'scormtype' || !a.uri.startsWith('http://www.adlnet.org/xsd/adlcp')) continue;
      if (a.uri === want.uri && a.local === want.local) continue;
      // The namespace names one version, the spelling (scormtype / scormType) another: say which is which, and
      // never "says SCORM 2004, but the namespaces are SCORM 2004".
      const byNamespace: ScormVersion | undefined = a.uri === ns.adlcp12 ? '1.2' : a.uri === ns.adlcp2004 ? '2004' : undefined;
      const bySpelling: ScormVersion | undefined = a.local === 'scormtype' ? '1.2' : a.local === 'scormType' ? '2004' : undefined;
      const other = byNamespace !== version ? byNamespace : bySpelling !== version ? bySpelling : undefined;
      if (!other) continue; // a misspelling of neither version: the XSD reports the unknown attribute
      const what = byNamespace !== version ? `adlcp:${a.local} (${a.uri})` : `adlcp:${a.local}`;
      diagnostics.push(
        rules['scorm-version-mismatch']({
          file,
          position: at(e),
          data: { what, declared: versionName[other], actual: versionName[version], spelling: byNamespace === version ? 'yes' : '' },
        }),
      );
    }
  }
  return { version, ...(declared !== undefined ? { declared } : {}), diagnostics };
}

/** A package-relative path from an href and the xml:base values above it; undefined for URLs outside the package. */
export function resolveHref(base: string, href: string): string | undefined {
  const clean = href.trim().split(/[?#]/)[0]!;
  if (/^[a-z][a-z0-9+.-]*:/i.test(clean) || clean.startsWith('//')) return undefined;
  let decoded = clean;
  try {
    decoded = decodeURIComponent(clean);
  } catch {
    // Not valid percent-encoding: compare the text as written.
  }
  const joined = path.posix.normalize(path.posix.join(base, decoded.replace(/\\/g, '/')));
  return joined.replace(/^\.\//, '');
}

function baseOf(element: XmlElement): string {
  const bases: string[] = [];
  for (let e: XmlElement | undefined = element; e; e = e.parent) {
    const b = attr(e, 'base', ns.xml);
    if (b) bases.unshift(b);
  }
  return bases.reduce((acc, b) => (/^[a-z][a-z0-9+.-]*:/i.test(b) ? b : path.posix.join(acc, b)), '');
}

/** Files a package carries for the manifest itself: never listed in resources. */
export function isControlFile(entry: string): boolean {
  return entry === 'imsmanifest.xml' || /\.(xsd|dtd)$/i.test(entry);
}

export interface ManifestCheckInput {
  readonly root: XmlElement;
  readonly version: ScormVersion;
  /** Names of the file (not directory) entries of the zip. */
  readonly entries: readonly string[];
  /** How the manifest is named in diagnostics, e.g. `pkg.zip!/imsmanifest.xml`. */
  readonly manifestFile: string;
  /** How the package is named in diagnostics. */
  readonly packageFile: string;
}

export function checkManifest({ root, entries, manifestFile, packageFile }: ManifestCheckInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const cp = root.uri;
  const present = new Set(entries);
  const byLower = new Map(entries.map((e) => [e.toLowerCase(), e]));
  const listed = new Set<string>();

  const missing = (element: XmlElement, target: string) => {
    const suggestion = byLower.get(target.toLowerCase());
    out.push(rules['manifest-file-missing']({ file: manifestFile, position: at(element), data: { target, ...(suggestion ? { suggestion } : {}) } }));
  };

  // Resources and their files.
  const resources = new Map<string, { element: XmlElement; href?: string }>();
  for (const resourcesEl of children(root, 'resources', cp)) {
    for (const resource of children(resourcesEl, 'resource', cp)) {
      const id = idAttr(resource, 'identifier');
      const base = baseOf(resource);
      const rawHref = attr(resource, 'href');
      const href = rawHref === undefined ? undefined : resolveHref(base, rawHref);
      if (id) resources.set(id, { element: resource, ...(href !== undefined ? { href } : {}) });
      if (href !== undefined) listed.add(href);
      for (const f of children(resource, 'file', cp)) {
        const fileHref = attr(f, 'href');
        if (fileHref === undefined) continue;
        const target = resolveHref(base, fileHref);
        if (target === undefined) continue;
        listed.add(target);
        if (!present.has(target)) missing(f, target);
      }
    }
  }
  const known = () => [...resources.keys()].slice(0, 10).join(', ');
  for (const e of descendants(root)) {
    if (e.local === 'dependency' && e.uri === cp) {
      const ref = idAttr(e, 'identifierref');
      if (ref !== undefined && !resources.has(ref)) {
        out.push(rules['manifest-bad-reference']({ file: manifestFile, position: at(e), data: { attribute: 'identifierref', ref, kind: 'resource', kindId: 'resource', known: known() } }));
      }
    }
    // Metadata files (adlcp:location) belong to the package too.
    if (e.local === 'location' && e.uri.startsWith('http://www.adlnet.org/xsd/adlcp')) {
      const target = resolveHref(baseOf(e), e.text);
      if (target !== undefined) {
        listed.add(target);
        if (!present.has(target)) missing(e, target);
      }
    }
  }

  // Organizations: the default one must exist; every item reference must resolve; something must launch.
  const organizationsEl = children(root, 'organizations', cp)[0];
  const organizations = organizationsEl ? children(organizationsEl, 'organization', cp) : [];
  const defaultId = organizationsEl ? idAttr(organizationsEl, 'default') : undefined;
  let chosen: XmlElement | undefined = organizations[0];
  if (organizationsEl && defaultId !== undefined) {
    chosen = organizations.find((o) => idAttr(o, 'identifier') === defaultId);
    if (!chosen) {
      out.push(
        rules['manifest-bad-reference']({
          file: manifestFile,
          position: at(organizationsEl),
          data: { attribute: 'default', ref: defaultId, kind: 'organization', kindId: 'organisasi', known: organizations.map((o) => idAttr(o, 'identifier') ?? '').join(', ') },
        }),
      );
    }
  }
  const launchChecked = new Set<string>();
  let launchable = 0;
  for (const organization of organizations) {
    for (const item of descendants(organization)) {
      if (item.local !== 'item' || item.uri !== cp) continue;
      const ref = idAttr(item, 'identifierref');
      if (ref === undefined) continue;
      const resource = resources.get(ref);
      if (!resource) {
        out.push(rules['manifest-bad-reference']({ file: manifestFile, position: at(item), data: { attribute: 'identifierref', ref, kind: 'resource', kindId: 'resource', known: known() } }));
        continue;
      }
      if (resource.href === undefined) continue;
      if (organization === chosen) launchable++;
      if (launchChecked.has(ref)) continue;
      launchChecked.add(ref);
      if (!present.has(resource.href)) {
        out.push(rules['launch-file-missing']({ file: manifestFile, position: at(resource.element), data: { target: resource.href, resource: ref } }));
      }
    }
  }
  if (chosen && launchable === 0) out.push(rules['no-launch']({ file: manifestFile, position: at(chosen) }));
  if (!chosen && !organizations.length) out.push(rules['no-launch']({ file: manifestFile, position: at(organizationsEl ?? root) }));
  // Resources with an href no item uses (assets) must still be there.
  for (const [id, resource] of resources) {
    if (launchChecked.has(id) || resource.href === undefined) continue;
    if (!present.has(resource.href)) missing(resource.element, resource.href);
  }

  for (const entry of entries) {
    if (!listed.has(entry) && !isControlFile(entry)) out.push(rules['package-file-unlisted']({ file: packageFile, data: { entry } }));
  }
  return out;
}
