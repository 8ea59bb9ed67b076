// The one small interface every publish target implements. tus and s3 today; a Moodle web service or
// SCORM Cloud would be another file in targets/ implementing the same four members.

import type { Artifact } from './artifacts.js';
import type { Action, Destination, RemoteState } from './plan.js';

export interface ApplyHooks {
  /** Bytes of this action's file now on the target (including bytes sent by an earlier run). */
  progress(sent: number, total: number): void;
  /** A resumable upload got its URL: remember it now, so a later run can continue. */
  remember?(destination: Destination, url: string, complete: boolean): Promise<void>;
  /** Aborted on Ctrl-C: stop the transfer (a tus upload stays resumable) and reject. */
  signal?: AbortSignal;
  /** --force: a release key may be overwritten with different bytes. */
  force?: boolean;
}

export interface ActionOutcome {
  /** Where the bytes landed (a tus upload URL or an object URL). */
  readonly url?: string;
  /** Bytes this run actually sent. */
  readonly sentBytes: number;
  /** The stable key was left at this newer version (found when writing, e.g. a concurrent newer publish). */
  readonly kept?: string;
}

export interface PublishTarget {
  readonly name: string;
  readonly type: string;
  /** Where the target is, for messages: the tus endpoint, or s3://bucket/prefix. */
  readonly location: string;
  /** Recorded with each state entry this target writes; an entry is trusted only while it matches. */
  readonly stateBinding?: { readonly endpoint: string; readonly identity?: string };
  /** Where an artifact goes on this target; [] when this target does not take that kind. Pure. */
  destinations(artifact: Artifact): Destination[];
  /** What the target already holds at these destinations (reads only). */
  inspect(destinations: readonly Destination[]): Promise<RemoteState>;
  /** Carries out one transfer (upload, resume or copy). Throws a PublishFailure. */
  apply(action: Action, hooks: ApplyHooks): Promise<ActionOutcome>;
  /** Releases connections. */
  close(): void;
}

/** A transfer that did not succeed, classified for the report (never carrying a secret). */
export class PublishFailure extends Error {
  constructor(
    /** conflict: the release key holds (or another publish is writing) different bytes for this version. */
    readonly kind: 'auth' | 'rejected' | 'unreachable' | 'conflict' | 'no-bucket',
    readonly detail: string,
    readonly status?: number,
    readonly code?: string,
    readonly attempts = 1,
  ) {
    super(detail);
    this.name = 'PublishFailure';
  }

  /** Bytes this attempt left on the server before it failed (a resumable upload keeps them). */
  sentBytes = 0;

  withSent(bytes: number): this {
    this.sentBytes = Math.max(0, bytes);
    return this;
  }
}
