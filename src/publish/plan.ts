// Plan, then apply. A target says where each artifact goes (destinations) and what it already holds
// there (remote state); `planPublish` — pure — decides per destination: skip, upload, resume, copy, or
// refuse. The runner then carries out the actions in order; only it touches the network.

import type { Artifact } from './artifacts.js';
import { compareVersions } from './version.js';

export type DestinationRole =
  /** A release key that never changes once written: <course>/<version>/<file>. */
  | 'release'
  /** The stable per-format key overwritten by each release (what Moodle re-fetches). */
  | 'latest'
  /** A content-hashed media key. */
  | 'media'
  /** A tus upload: the server decides where the file lands. */
  | 'upload';

export interface Destination {
  /** Unique on the target: an object key, or a tus identity (course/version/format). */
  readonly id: string;
  /** What a person reads: s3://bucket/key, or the tus endpoint. */
  readonly display: string;
  readonly role: DestinationRole;
  readonly artifact: Artifact;
  readonly cacheControl?: string;
  /** A destination on the same target holding the same bytes, to copy server-side instead of sending again. */
  readonly copyOf?: string;
}

/** What the target holds at a destination; absent from the map when it holds nothing. */
export interface RemoteObject {
  /** sha256 recorded with the object (metadata, state file or server index); undefined when unknown. */
  readonly sha256?: string;
  readonly complete: boolean;
  /** An interrupted tus upload that can be continued. */
  readonly resumeUrl?: string;
  readonly offset?: number;
  /** The course version recorded with the object (the stable key's metadata), when known. */
  readonly version?: string;
  /** How the sha256 above was established (reported with "unchanged"). */
  readonly checked?: ContentCheck;
  /** The target would not show its copy (this HTTP status): the sha256 above is only the recorded one. */
  readonly unverified?: number;
}

/**
 * What "unchanged" (and, after sending, "done") rests on: the sha256 of the server's bytes downloaded now;
 * the server's own index of hashes of stored bytes (tus `lookup`); the sha256 recorded in the object's
 * metadata when it was written (s3, unchanged); the sha256 each upload request was signed with, which the
 * server checks against the bytes it received (s3, done); or only the recorded hash and the byte count
 * (tus with `verify_unchanged: none`).
 */
export type ContentCheck = 'downloaded' | 'server-index' | 'metadata' | 'signed-payload' | 'size-only';

export type RemoteState = ReadonlyMap<string, RemoteObject>;

export type ActionKind = 'skip' | 'upload' | 'resume' | 'copy' | 'conflict' | 'keep';

export interface Action {
  readonly kind: ActionKind;
  readonly destination: Destination;
  /** resume: where to continue and from which byte. */
  readonly resumeUrl?: string;
  readonly offset?: number;
  /** copy: the source destination id. */
  readonly from?: string;
  /** keep: the newer version the stable key already points at. */
  readonly newer?: string;
  /** skip: how the target's copy was checked. */
  readonly checked?: ContentCheck;
  /** skip: the target would not show its copy (this HTTP status), so only its record and size were checked. */
  readonly unverified?: number;
  /** upload: the target holds a complete copy whose content differs (e.g. corrupted on the server). */
  readonly serverCopyDiffers?: boolean;
  /** Bytes that will cross the network for this action. */
  readonly bytes: number;
}

export interface PlanOptions {
  /** Overwrite a release key that holds different content. */
  force?: boolean;
}

export function planPublish(destinations: readonly Destination[], remote: RemoteState, options: PlanOptions = {}): Action[] {
  const actions: Action[] = [];
  // Destinations whose bytes will be on the target after the transfers (for server-side copies).
  const present = new Set<string>();
  const refused = new Set<string>();
  const ordered = [...destinations].sort((a, b) => Number(Boolean(a.copyOf)) - Number(Boolean(b.copyOf)));
  for (const destination of ordered) {
    const { artifact } = destination;
    const there = remote.get(destination.id);
    if (there?.complete && there.sha256 === artifact.sha256) {
      actions.push({ kind: 'skip', destination, bytes: 0, ...(there.checked ? { checked: there.checked } : {}), ...(there.unverified ? { unverified: there.unverified } : {}) });
      present.add(destination.id);
      continue;
    }
    if (there?.complete && destination.role === 'release' && there.sha256 !== undefined && !options.force) {
      actions.push({ kind: 'conflict', destination, bytes: 0 });
      refused.add(destination.id);
      continue;
    }
    // The stable key follows its release: when the release is refused, the stable key stays as it is.
    if (destination.copyOf && refused.has(destination.copyOf)) continue;
    // The stable key only moves forward: an older release (a re-run of an old pipeline) leaves it alone.
    if (destination.role === 'latest' && artifact.kind === 'package' && there?.version && compareVersions(there.version, artifact.version) > 0) {
      actions.push({ kind: 'keep', destination, bytes: 0, newer: there.version });
      continue;
    }
    if (destination.copyOf && present.has(destination.copyOf)) {
      actions.push({ kind: 'copy', destination, from: destination.copyOf, bytes: 0 });
      present.add(destination.id);
      continue;
    }
    if (there && !there.complete && there.resumeUrl && there.sha256 === artifact.sha256) {
      const offset = there.offset ?? 0;
      actions.push({ kind: 'resume', destination, resumeUrl: there.resumeUrl, offset, bytes: artifact.size - offset });
      present.add(destination.id);
      continue;
    }
    const differs = Boolean(there?.complete && destination.role === 'upload' && there.sha256 !== artifact.sha256);
    actions.push({ kind: 'upload', destination, bytes: artifact.size, ...(differs ? { serverCopyDiffers: true } : {}) });
    present.add(destination.id);
  }
  return actions;
}

export function bytesToSend(actions: readonly Action[]): number {
  return actions.reduce((sum, a) => sum + (a.kind === 'upload' || a.kind === 'resume' ? a.bytes : 0), 0);
}
