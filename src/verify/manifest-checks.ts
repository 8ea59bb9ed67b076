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
    diagnostics.push(rules['scorm-version-unknown']({ file, position: at(root), data: root.uri ? { namespace: root.uri } : { element: root.name } }));
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
          data: { what: 'schemaversion', declared: declared ?? '', claimed, version },
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
      diagnostics.push(
        rules['scorm-version-mismatch']({
          file,
          position: at(e),
          data: {
            what: 'attribute',
            attribute: `adlcp:${a.local}`,
            // The namespace is named when it is the mismatch; otherwise the spelling is.
            ...(byNamespace !== version ? { namespace: a.uri } : { spelling: 1 }),
            claimed: other,
            version,
          },
        }),
      );
    }
  }
  return { version, ...(declared !== undefined ? { declared } : {}), diagnostics };
}

/** `https://…`, `file:…` or `//host/…`: a URL outside the package. */
export function isAbsoluteUrl(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href.trim()) || href.trim().startsWith('//');
}

/** A package-relative path from an href and the xml:base values above it; undefined for URLs outside the package. */
export function resolveHref(base: string, href: string): string | undefined {
  const clean = href.trim().split(/[?#]/)[0]!;
  if (isAbsoluteUrl(clean) || isAbsoluteUrl(base)) return undefined;
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

/** A resource of the manifest: where it launches, a package path (`href`) or a URL outside the package (`url`). */
interface ManifestResource {
  readonly element: XmlElement;
  readonly href?: string;
  readonly url?: string;
}

/** What the steps of checkManifest share: the manifest, the zip's files, and the findings so far, in document order. */
interface ManifestScan {
  readonly root: XmlElement;
  /** The content-packaging namespace of this manifest's version. */
  readonly cp: string;
  readonly manifestFile: string;
  readonly present: ReadonlySet<string>;
  /** Entry names by their lower case, for “there is X (case differs)”. */
  readonly byLower: ReadonlyMap<string, string>;
  /** Every package file the manifest names so far (launch pages, <file>s, metadata files). */
  readonly listed: Set<string>;
  readonly out: Diagnostic[];
}

export function checkManifest({ root, entries, manifestFile, packageFile }: ManifestCheckInput): Diagnostic[] {
  const scan: ManifestScan = {
    root,
    cp: root.uri,
    manifestFile,
    present: new Set(entries),
    byLower: new Map(entries.map((e) => [e.toLowerCase(), e])),
    listed: new Set<string>(),
    out: [],
  };
  const resources = readResources(scan);
  checkDependenciesAndMetadata(scan, resources);
  // Organizations: the default one must exist; every item reference must resolve; something must launch.
  const { element, organizations, chosen } = defaultOrganization(scan);
  const { launched, launchable } = checkLaunches(scan, organizations, chosen, resources);
  if (chosen && launchable === 0) scan.out.push(rules['no-launch']({ file: manifestFile, position: at(chosen) }));
  if (!chosen && !organizations.length) scan.out.push(rules['no-launch']({ file: manifestFile, position: at(element ?? root) }));
  checkAssets(scan, resources, launched);
  for (const entry of entries) {
    if (!scan.listed.has(entry) && !isControlFile(entry)) scan.out.push(rules['package-file-unlisted']({ file: packageFile, data: { entry } }));
  }
  return scan.out;
}

/** A file the manifest names that the zip lacks, with the entry that differs only in case when there is one. */
function reportMissing(scan: ManifestScan, element: XmlElement, target: string): void {
  const suggestion = scan.byLower.get(target.toLowerCase());
  scan.out.push(rules['manifest-file-missing']({ file: scan.manifestFile, position: at(element), data: { target, ...(suggestion ? { suggestion } : {}) } }));
}

/** The resources by identifier; their launch pages and <file>s count as listed, and a <file> the zip lacks is reported. */
function readResources(scan: ManifestScan): Map<string, ManifestResource> {
  const { root, cp } = scan;
  const resources = new Map<string, ManifestResource>();
  for (const resourcesEl of children(root, 'resources', cp)) {
    for (const resource of children(resourcesEl, 'resource', cp)) {
      const id = idAttr(resource, 'identifier');
      const base = baseOf(resource);
      const rawHref = attr(resource, 'href');
      const href = rawHref === undefined ? undefined : resolveHref(base, rawHref);
      // An href (or xml:base) that is a URL launches something outside the package: named as such, not "no launch".
      const url = rawHref !== undefined && href === undefined ? (isAbsoluteUrl(rawHref) ? rawHref.trim() : `${base}${rawHref.trim()}`) : undefined;
      if (id) resources.set(id, { element: resource, ...(href !== undefined ? { href } : {}), ...(url !== undefined ? { url } : {}) });
      if (href !== undefined) scan.listed.add(href);
      for (const f of children(resource, 'file', cp)) {
        const fileHref = attr(f, 'href');
        if (fileHref === undefined) continue;
        const target = resolveHref(base, fileHref);
        if (target === undefined) continue;
        scan.listed.add(target);
        if (!scan.present.has(target)) reportMissing(scan, f, target);
      }
    }
  }
  return resources;
}

/** Up to ten resource identifiers, for the hint of a reference that resolves to none. */
function knownResources(resources: ReadonlyMap<string, ManifestResource>): string {
  return [...resources.keys()].slice(0, 10).join(', ');
}

/** In one pass over the manifest: every <dependency> names a resource, and every metadata file (adlcp:location) is in the zip. */
function checkDependenciesAndMetadata(scan: ManifestScan, resources: ReadonlyMap<string, ManifestResource>): void {
  const { cp, manifestFile } = scan;
  for (const e of descendants(scan.root)) {
    if (e.local === 'dependency' && e.uri === cp) {
      const ref = idAttr(e, 'identifierref');
      if (ref !== undefined && !resources.has(ref)) {
        scan.out.push(rules['manifest-bad-reference']({ file: manifestFile, position: at(e), data: { attribute: 'identifierref', ref, kind: 'resource', known: knownResources(resources) } }));
      }
    }
    // Metadata files (adlcp:location) belong to the package too.
    if (e.local === 'location' && e.uri.startsWith('http://www.adlnet.org/xsd/adlcp')) {
      const target = resolveHref(baseOf(e), e.text);
      if (target !== undefined) {
        scan.listed.add(target);
        if (!scan.present.has(target)) reportMissing(scan, e, target);
      }
    }
  }
}

/** <organizations>, its organizations, and the one an LMS launches: the `default` one (reported when it names none), else the first. */
function defaultOrganization(scan: ManifestScan): { element?: XmlElement; organizations: XmlElement[]; chosen?: XmlElement } {
  const { root, cp } = scan;
  const organizationsEl = children(root, 'organizations', cp)[0];
  const organizations = organizationsEl ? children(organizationsEl, 'organization', cp) : [];
  const defaultId = organizationsEl ? idAttr(organizationsEl, 'default') : undefined;
  if (!organizationsEl) return { organizations };
  if (defaultId === undefined) return { element: organizationsEl, organizations, ...(organizations[0] ? { chosen: organizations[0] } : {}) };
  const chosen = organizations.find((o) => idAttr(o, 'identifier') === defaultId);
  if (!chosen) {
    scan.out.push(
      rules['manifest-bad-reference']({
        file: scan.manifestFile,
        position: at(organizationsEl),
        data: { attribute: 'default', ref: defaultId, kind: 'organization', known: organizations.map((o) => idAttr(o, 'identifier') ?? '').join(', ') },
      }),
    );
  }
  return { element: organizationsEl, organizations, ...(chosen ? { chosen } : {}) };
}

/**
 * Every item's resource exists, and each resource an item launches is a file in the zip (checked once per
 * resource), not a URL outside it. Returns the launched resources' identifiers and how many items of the chosen
 * organization launch something.
 */
function checkLaunches(
  scan: ManifestScan,
  organizations: readonly XmlElement[],
  chosen: XmlElement | undefined,
  resources: ReadonlyMap<string, ManifestResource>,
): { launched: Set<string>; launchable: number } {
  const { cp, manifestFile, out } = scan;
  const launchChecked = new Set<string>();
  let launchable = 0;
  for (const organization of organizations) {
    for (const item of descendants(organization)) {
      if (item.local !== 'item' || item.uri !== cp) continue;
      const ref = idAttr(item, 'identifierref');
      if (ref === undefined) continue;
      const resource = resources.get(ref);
      if (!resource) {
        out.push(rules['manifest-bad-reference']({ file: manifestFile, position: at(item), data: { attribute: 'identifierref', ref, kind: 'resource', known: knownResources(resources) } }));
        continue;
      }
      if (resource.href === undefined && resource.url === undefined) continue;
      if (organization === chosen) launchable++;
      if (launchChecked.has(ref)) continue;
      launchChecked.add(ref);
      if (resource.url !== undefined) {
        out.push(rules['launch-url-absolute']({ file: manifestFile, position: at(resource.element), data: { url: resource.url, resource: ref } }));
      } else if (resource.href !== undefined && !scan.present.has(resource.href)) {
        out.push(rules['launch-file-missing']({ file: manifestFile, position: at(resource.element), data: { target: resource.href, resource: ref } }));
      }
    }
  }
  return { launched: launchChecked, launchable };
}

/** Resources with an href no item launches (assets) must still be in the zip. */
function checkAssets(scan: ManifestScan, resources: ReadonlyMap<string, ManifestResource>, launched: ReadonlySet<string>): void {
  for (const [id, resource] of resources) {
    if (launched.has(id) || resource.href === undefined) continue;
    if (!scan.present.has(resource.href)) reportMissing(scan, resource.element, resource.href);
  }
}

const IMSSS = 'http://www.imsglobal.org/xsd/imsss';
const ADLSEQ = 'http://www.adlnet.org/xsd/adlseq_v1p3';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * The ADL application-profile rules that matter for playback, beyond what the XSDs say: every resource says
 * whether it is a SCO or an asset, only leaf items launch, hrefs and xml:base are relative paths written with
 * “/”, sequencing and objective references resolve, and the schema files the manifest names are in the package.
 */
export function checkApplicationProfile({ root, version, entries, manifestFile }: ManifestCheckInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const cp = root.uri;
  const present = new Set(entries);
  const scormType = version === '1.2' ? 'adlcp:scormtype' : 'adlcp:scormType';
  const sequencings: XmlElement[] = [];
  for (const e of [root, ...descendants(root)]) {
    if (e.uri === cp && e.local === 'resource') {
      const typed = e.attributes.some((a) => a.local.toLowerCase() === 'scormtype' && a.uri.startsWith('http://www.adlnet.org/xsd/adlcp'));
      if (!typed) out.push(rules['adl-scormtype-missing']({ file: manifestFile, position: at(e), data: { resource: idAttr(e, 'identifier') ?? '', attribute: scormType } }));
    }
    if (e.uri === cp && e.local === 'item') {
      const ref = idAttr(e, 'identifierref');
      if (ref !== undefined && children(e, 'item', cp).length > 0) {
        out.push(rules['adl-identifierref-on-parent']({ file: manifestFile, position: at(e), data: { item: idAttr(e, 'identifier') ?? '', ref } }));
      }
    }
    const href = e.uri === cp && (e.local === 'resource' || e.local === 'file') ? attr(e, 'href') : undefined;
    if (href !== undefined && !isAbsoluteUrl(href)) {
      const problem = /^\s*[/\\]/.test(href) ? 'leading-slash' : href.includes('\\') ? 'backslash' : undefined;
      if (problem) out.push(rules['adl-href-syntax']({ file: manifestFile, position: at(e), data: { attribute: 'href', value: href, problem } }));
    }
    const base = attr(e, 'base', ns.xml);
    if (base !== undefined && !isAbsoluteUrl(base)) {
      const problem = /^\s*[/\\]/.test(base) ? 'leading-slash' : base.includes('\\') ? 'backslash' : base.trim() && !base.trim().endsWith('/') ? 'no-trailing-slash' : undefined;
      if (problem) out.push(rules['adl-href-syntax']({ file: manifestFile, position: at(e), data: { attribute: 'xml:base', value: base, problem } }));
    }
    const schemaLocation = attr(e, 'schemaLocation', XSI);
    if (schemaLocation) {
      const tokens = schemaLocation.trim().split(/\s+/);
      for (let i = 1; i < tokens.length; i += 2) {
        const target = resolveHref('', tokens[i]!);
        if (target !== undefined && !present.has(target)) out.push(rules['adl-schema-file-missing']({ file: manifestFile, position: at(e), data: { target, namespace: tokens[i - 1]! } }));
      }
    }
    if (e.uri === IMSSS && e.local === 'sequencing') sequencings.push(e);
  }
  if (version === '2004') for (const d of checkSequencingReferences(sequencings, manifestFile)) out.push(d);
  return out;
}

/** IDRef → a sequencing of the sequencingCollection; referencedObjective and adlseq objectiveID → an objective of the activity. */
function checkSequencingReferences(sequencings: readonly XmlElement[], manifestFile: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const collection = new Map<string, XmlElement>();
  for (const s of sequencings) {
    if (s.parent?.local === 'sequencingCollection' && s.parent.uri === IMSSS) {
      const id = idAttr(s, 'ID');
      if (id !== undefined) collection.set(id, s);
    }
  }
  const objectiveIds = (s: XmlElement): Set<string> => {
    const ids = new Set<string>();
    for (const objectives of children(s, 'objectives', IMSSS)) {
      for (const o of objectives.children) {
        const id = o.uri === IMSSS ? idAttr(o, 'objectiveID') : undefined;
        if (id !== undefined) ids.add(id);
      }
    }
    return ids;
  };
  const inCollection = new Set(collection.values());
  for (const s of sequencings) {
    // A shared sequencing's rules name objectives of the activities that use it: checked there, not here.
    if (inCollection.has(s)) continue;
    const ids = objectiveIds(s);
    const ref = idAttr(s, 'IDRef');
    if (ref !== undefined) {
      const shared = collection.get(ref);
      if (shared) for (const id of objectiveIds(shared)) ids.add(id);
      else out.push(rules['adl-sequencing-ref']({ file: manifestFile, position: at(s), data: { ref, known: [...collection.keys()].slice(0, 10).join(', ') } }));
    }
    const known = () => [...ids].slice(0, 10).join(', ');
    for (const e of [...descendants(s), ...(ref !== undefined && collection.get(ref) ? descendants(collection.get(ref)!) : [])]) {
      const referenced = e.uri === IMSSS && e.local === 'ruleCondition' ? idAttr(e, 'referencedObjective') : e.uri === ADLSEQ && e.local === 'objective' ? idAttr(e, 'objectiveID') : undefined;
      if (referenced !== undefined && !ids.has(referenced)) {
        out.push(rules['adl-objective-ref']({ file: manifestFile, position: at(e), data: { attribute: e.uri === ADLSEQ ? 'adlseq:objectiveID' : 'referencedObjective', ref: referenced, known: known() } }));
      }
    }
  }
  return out;
}
