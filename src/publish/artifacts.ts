// What publish sends: built packages (by file name) and, when the course hosts media externally, the
// renditions of its media index. Reading sizes and sha256 is the only I/O here.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256File } from '../fs/hash.js';
import type { MediaEntry, MediaIndex, Rendition } from '../core/model/media.js';
import { parsePackageFileName, PACKAGE_FORMATS, type PackageFormat, type PackageName } from '../package/index.js';

export { PACKAGE_FORMATS, type PackageFormat, type PackageName };

interface ArtifactBase {
  /** Absolute path on disk. */
  readonly file: string;
  /** How the user sees it in reports (as given, or relative to the course). */
  readonly label: string;
  readonly sha256: string;
  readonly size: number;
  readonly contentType: string;
  readonly courseId: string;
}

export interface PackageArtifact extends ArtifactBase {
  readonly kind: 'package';
  readonly version: string;
  readonly format: PackageFormat;
}

export interface MediaArtifact extends ArtifactBase {
  readonly kind: 'media';
  /** The media entry's content-addressed key (source hash + encoding settings). */
  readonly mediaKey: string;
  /** Path inside the entry folder (POSIX); HLS playlists refer to siblings by these relative paths. */
  readonly path: string;
}

export type Artifact = PackageArtifact | MediaArtifact;

/** `<course-id>-<version>-<format>.zip` → its parts (the format registry's file names). */
export const parsePackageName = parsePackageFileName;

export async function packageArtifact(file: string, label: string, name: PackageName): Promise<PackageArtifact> {
  const [info, sha256] = await Promise.all([stat(file), sha256File(file)]);
  return { kind: 'package', file, label, sha256, size: info.size, contentType: 'application/zip', ...name };
}

/** A package `ajar build` just wrote: its size and sha256 are known, nothing is read again. */
export function builtArtifact(file: string, label: string, built: BuiltPackage): PackageArtifact {
  return { kind: 'package', file, label, sha256: built.sha256, size: built.bytes, contentType: 'application/zip', courseId: built.courseId, version: built.version, format: built.format };
}

/** What the pipeline's build knows of a package it wrote and verified. */
export interface BuiltPackage extends PackageName {
  readonly bytes: number;
  readonly sha256: string;
}

export async function mediaArtifacts(courseId: string, media: MediaIndex): Promise<MediaArtifact[]> {
  const out: MediaArtifact[] = [];
  const entries = [...media.values()].sort((a, b) => a.key.localeCompare(b.key));
  for (const entry of entries) {
    for (const rendition of [...entry.renditions].sort((a, b) => a.path.localeCompare(b.path))) {
      out.push(await mediaArtifact(courseId, entry, rendition));
    }
  }
  return out;
}

async function mediaArtifact(courseId: string, entry: MediaEntry, rendition: Rendition): Promise<MediaArtifact> {
  const file = path.join(entry.dir, ...rendition.path.split('/'));
  const [info, sha256] = await Promise.all([stat(file), sha256File(file)]);
  return {
    kind: 'media',
    file,
    label: `${entry.source} → ${rendition.path}`,
    sha256,
    size: info.size,
    contentType: rendition.contentType,
    courseId,
    mediaKey: entry.key,
    path: rendition.path,
  };
}
