// S3-compatible target (@aws-sdk/client-s3 + lib-storage multipart).
//
// Key layout under `prefix`:
//   <course-id>/<version>/<course-id>-<version>-<format>.zip   release key: written once, cached a year
//   <course-id>/latest/<course-id>-<format>.zip                stable key: what Moodle re-fetches; no-cache
//   <course-id>/media/<media-key>/<rendition path>              content-hashed media (HLS keeps its relative paths)
// Every object carries its sha256 in metadata (x-amz-meta-sha256): a HEAD tells whether the target
// already holds the same bytes. The stable key is a server-side copy of the release key, so a package
// crosses a slow link once.

import { createReadStream } from 'node:fs';
import path from 'node:path';
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Artifact, PackageArtifact } from '../artifacts.js';
import type { S3TargetConfig } from '../config-schema.js';
import { publishDefaults, timeoutsOf } from '../config-schema.js';
import type { Timeouts } from '../http.js';
import type { Action, Destination, RemoteObject, RemoteState } from '../plan.js';
import { isAuthFailure, isRetryable, noAnswer, statusAnswer, type NoAnswer } from '../retry.js';
import { PublishFailure, type ActionOutcome, type ApplyHooks, type PublishTarget } from '../target.js';
import { compareVersions } from '../version.js';
import { forEachLimited } from '../../util/limit.js';
import { createS3Client } from '../../util/s3.js';
import { MEDIA_DIR, mediaRenditionPath } from '../../util/media-path.js';

export interface S3TargetOptions {
  name: string;
  config: S3TargetConfig;
  credentials?: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string };
}

/** The key of a media rendition: the layout render uses for packages and `media_base_url` (util/media-path.ts). */
export function mediaObjectKey(prefix: string, courseId: string, mediaKey: string, renditionPath: string): string {
  return `${normalisePrefix(prefix)}${courseId}/${MEDIA_DIR}/${mediaRenditionPath(mediaKey, renditionPath)}`;
}

export function releaseObjectKey(prefix: string, artifact: { courseId: string; version: string; format: string }): string {
  return `${normalisePrefix(prefix)}${artifact.courseId}/${artifact.version}/${artifact.courseId}-${artifact.version}-${artifact.format}.zip`;
}

export function latestObjectKey(prefix: string, artifact: { courseId: string; format: string }): string {
  return `${normalisePrefix(prefix)}${artifact.courseId}/latest/${artifact.courseId}-${artifact.format}.zip`;
}

function normalisePrefix(prefix: string): string {
  const p = prefix.replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

export class S3Target implements PublishTarget {
  readonly type = 's3';
  readonly name: string;
  private readonly config: S3TargetConfig;
  private readonly client: S3Client;
  private readonly maxAttempts: number;
  private readonly timeouts: Timeouts;
  /** Ctrl-C of the call under way (inspect or apply; one at a time): aborts its requests. */
  private signal: AbortSignal | undefined;

  constructor(options: S3TargetOptions) {
    this.name = options.name;
    this.config = options.config;
    this.maxAttempts = (options.config.retries ?? publishDefaults.retries) + 1;
    const credentials = options.credentials;
    this.timeouts = timeoutsOf(options.config);
    this.client = createS3Client({
      region: options.config.region ?? publishDefaults.region,
      ...(options.config.endpoint ? { endpoint: options.config.endpoint } : {}),
      ...(options.config.forcePathStyle !== undefined ? { forcePathStyle: options.config.forcePathStyle } : {}),
      ...(credentials ? { credentials } : {}),
      maxAttempts: this.maxAttempts,
      timeouts: { connectMs: this.timeouts.connectMs, socketMs: Math.max(this.timeouts.responseMs, this.timeouts.idleMs) },
    });
  }

  get location(): string {
    return `s3://${this.config.bucket}/${normalisePrefix(this.prefix)}`;
  }

  private get prefix(): string {
    return this.config.prefix ?? publishDefaults.prefix;
  }

  private display(key: string): string {
    return `s3://${this.config.bucket}/${key}`;
  }

  /** Where the object can be fetched: the public URL when configured, else the endpoint's path-style URL. */
  urlOf(key: string): string {
    const encoded = key.split('/').map(encodeURIComponent).join('/');
    if (this.config.publicUrl) return `${this.config.publicUrl.replace(/\/+$/, '')}/${encoded}`;
    if (this.config.endpoint) return `${this.config.endpoint.replace(/\/+$/, '')}/${this.config.bucket}/${encoded}`;
    return `https://${this.config.bucket}.s3.${this.config.region ?? publishDefaults.region}.amazonaws.com/${encoded}`;
  }

  destinations(artifact: Artifact): Destination[] {
    const { cacheControl } = publishDefaults;
    if (artifact.kind === 'media') {
      if (this.config.media === false) return [];
      const key = mediaObjectKey(this.prefix, artifact.courseId, artifact.mediaKey, artifact.path);
      return [{ id: key, display: this.display(key), role: 'media', artifact, cacheControl: cacheControl.media }];
    }
    const release = releaseObjectKey(this.prefix, artifact);
    const latest = latestObjectKey(this.prefix, artifact);
    return [
      { id: release, display: this.display(release), role: 'release', artifact, cacheControl: cacheControl.release },
      { id: latest, display: this.display(latest), role: 'latest', artifact, cacheControl: cacheControl.latest, copyOf: release },
    ];
  }

  async inspect(destinations: readonly Destination[], signal?: AbortSignal): Promise<RemoteState> {
    this.signal = signal;
    const remote = new Map<string, RemoteObject>();
    if (destinations.length === 0) return remote;
    // A missing bucket is found here, before any body is sent (and before the stable key is tried).
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }), this.abort);
    } catch (error) {
      if (statusOf(error) === 404) throw new PublishFailure('no-bucket', this.config.bucket, 404, 'NoSuchBucket');
      throw this.classify(error);
    }
    // A few HEADs at a time: fast on a good link, gentle on a slow one.
    await forEachLimited(destinations, 4, async (d) => {
      try {
        const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: d.id }), this.abort);
        const version = head.Metadata?.['ajar-version'];
        remote.set(d.id, {
          complete: true,
          checked: 'metadata',
          ...(head.Metadata?.sha256 ? { sha256: head.Metadata.sha256 } : {}),
          ...(version ? { version: decodeURIComponent(version) } : {}),
        });
      } catch (error) {
        if (statusOf(error) !== 404) throw this.classify(error);
      }
    });
    return remote;
  }

  async apply(action: Action, hooks: ApplyHooks): Promise<ActionOutcome> {
    this.signal = hooks.signal;
    const { destination } = action;
    const artifact = destination.artifact;
    const params = {
      Bucket: this.config.bucket,
      Key: destination.id,
      ContentType: artifact.contentType,
      ...(destination.cacheControl ? { CacheControl: destination.cacheControl } : {}),
      Metadata: metadataOf(artifact),
    };
    try {
      if (action.kind === 'copy' && action.from) {
        if (destination.role === 'latest' && artifact.kind === 'package') return await this.moveLatest(destination, action.from, params, hooks);
        await this.copy(action.from, params);
        hooks.progress(artifact.size, artifact.size);
        return { url: this.urlOf(destination.id), sentBytes: 0 };
      }
      // A release key is written once: claim the version first with a conditional create of its checksum
      // file, so of two publishes of the same version with different bytes only one sends them.
      if (destination.role === 'release' && artifact.kind === 'package') await this.claim(destination, Boolean(hooks.force));
      const upload = new Upload({
        client: this.client,
        params: { ...params, Body: createReadStream(artifact.file), ContentLength: artifact.size },
        partSize: this.config.partSize ?? publishDefaults.s3PartSize,
        queueSize: 2,
        leavePartsOnError: false,
      });
      upload.on('httpUploadProgress', (p) => hooks.progress(p.loaded ?? 0, artifact.size));
      hooks.signal?.addEventListener('abort', () => void upload.abort().catch(() => undefined), { once: true });
      await upload.done();
      hooks.progress(artifact.size, artifact.size);
      if (destination.role === 'release') {
        // Re-check after writing: on a server that ignores conditional requests, a concurrent publish of the
        // same version may have written over these bytes (or these over its).
        const now = await this.headMeta(destination.id);
        if (now?.sha256 !== artifact.sha256) throw new PublishFailure('conflict', destination.display);
      }
      // lib-storage hands the SDK each part as bytes, so every request is signed with the sha256 of its
      // body and the server refuses a body that does not match it (XAmzContentSHA256Mismatch).
      return { url: this.urlOf(destination.id), sentBytes: artifact.size, checked: 'signed-payload' };
    } catch (error) {
      throw this.classify(error);
    }
  }

  /** Options of every S3 call: Ctrl-C aborts the request under way. */
  private get abort(): { abortSignal?: AbortSignal } {
    return this.signal ? { abortSignal: this.signal } : {};
  }

  private async copy(from: string, params: Record<string, unknown> & { Bucket: string; Key: string }): Promise<void> {
    const source = `${this.config.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`;
    await this.client.send(new CopyObjectCommand({ ...(params as { Bucket: string; Key: string }), CopySource: source, MetadataDirective: 'REPLACE' }), this.abort);
  }

  private async headMeta(key: string): Promise<{ sha256?: string; version?: string; metadata: Record<string, string> } | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key }), this.abort);
      const metadata = head.Metadata ?? {};
      return {
        metadata,
        ...(metadata.sha256 ? { sha256: metadata.sha256 } : {}),
        ...(metadata['ajar-version'] ? { version: decodeURIComponent(metadata['ajar-version']) } : {}),
      };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /**
   * `<release>.sha256` (a standard checksum line) created with If-None-Match: * — the version's claim.
   * Already there with the same hash: a repeated or resumed publish of the same bytes, go on. With another
   * hash: another publish owns this version → conflict, and no byte of the package is sent.
   */
  private async claim(destination: Destination, force: boolean): Promise<void> {
    const { artifact } = destination;
    const key = `${destination.id}.sha256`;
    const body = `${artifact.sha256}  ${path.basename(artifact.file)}\n`;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: key,
          Body: body,
          ContentType: 'text/plain; charset=utf-8',
          Metadata: { sha256: artifact.sha256 },
          ...(force ? {} : { IfNoneMatch: '*' }),
        }),
        this.abort,
      );
    } catch (error) {
      if (statusOf(error) !== 412) throw error;
      const held = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }), this.abort);
      const text = (await held.Body?.transformToString()) ?? '';
      if (text.split(/\s+/)[0] !== artifact.sha256) throw new PublishFailure('conflict', destination.display);
    }
  }

  /**
   * The stable key moves only forward. Before writing: a newer version there stays. After writing: the
   * newest release of this course and format is looked up, and if it is newer than what the stable key now
   * holds (a concurrent or slower publish wrote in between), the stable key is pointed at it again.
   */
  private async moveLatest(destination: Destination, from: string, params: Record<string, unknown> & { Bucket: string; Key: string }, hooks: ApplyHooks): Promise<ActionOutcome> {
    const artifact = destination.artifact as PackageArtifact;
    const before = await this.headMeta(destination.id);
    if (before?.version && compareVersions(before.version, artifact.version) > 0) return { sentBytes: 0, kept: before.version };
    await this.copy(from, params);
    hooks.progress(artifact.size, artifact.size);
    for (let round = 0; round < 3; round++) {
      const newest = await this.newestRelease(artifact);
      const now = await this.headMeta(destination.id);
      const current = now?.version;
      if (!newest || (current && compareVersions(current, newest.version) >= 0)) break;
      await this.copy(newest.key, { ...params, Metadata: newest.metadata });
    }
    const after = await this.headMeta(destination.id);
    if (after?.version && compareVersions(after.version, artifact.version) > 0) return { url: this.urlOf(destination.id), sentBytes: 0, kept: after.version };
    return { url: this.urlOf(destination.id), sentBytes: 0 };
  }

  /** The highest version of this course with a release key of this format (lists `<prefix><course>/`). */
  private async newestRelease(artifact: PackageArtifact): Promise<{ version: string; key: string; metadata: Record<string, string> } | undefined> {
    const base = `${normalisePrefix(this.prefix)}${artifact.courseId}/`;
    const versions: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: base, Delimiter: '/', ...(token ? { ContinuationToken: token } : {}) }), this.abort);
      for (const p of page.CommonPrefixes ?? []) {
        const version = p.Prefix?.slice(base.length).replace(/\/$/, '');
        if (version && /^v?\d/.test(version)) versions.push(version);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    versions.sort((a, b) => compareVersions(b, a));
    for (const version of versions) {
      const key = releaseObjectKey(this.prefix, { courseId: artifact.courseId, version, format: artifact.format });
      const head = await this.headMeta(key);
      if (head?.sha256) return { version, key, metadata: head.metadata };
    }
    return undefined;
  }

  private classify(error: unknown): PublishFailure {
    if (error instanceof PublishFailure) return error;
    const status = statusOf(error);
    // The service's error code; the SDK's stand-in for an answer without one (an HTML 503 from a balancer) is not a code.
    const code = error instanceof S3ServiceException && !SDK_STAND_INS.has(error.name) ? error.name : undefined;
    const attempts = (error as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? this.maxAttempts;
    // The body arrived changed: the server hashed it and it is not what the request was signed with.
    if (code !== undefined && CHANGED_IN_TRANSIT.has(code)) return new PublishFailure('changed-in-transit', '', status, code, attempts);
    // A 403 is not always the credentials: a full quota or a wrong clock are told apart by their code.
    if (code === 'QuotaExceeded' || code === 'RequestTimeTooSkewed') return new PublishFailure('rejected', '', status, code, attempts);
    if (status !== undefined && isAuthFailure(status, code)) return new PublishFailure('auth', '', status, code);
    if (status !== undefined && !isRetryable(status)) {
      const message = (error as Error)?.message;
      const detail = message && message !== code && !SDK_STAND_INS.has(message) ? message.slice(0, 200) : '';
      return new PublishFailure('rejected', detail, status, code, attempts);
    }
    return PublishFailure.unreachable(status ? statusAnswer(status, code) : (this.timeoutAnswer(error) ?? noAnswer(error)), attempts);
  }

  /** The SDK's own timeout errors, as the ajar.yaml setting that bounds them and its seconds. */
  private timeoutAnswer(error: unknown): NoAnswer | undefined {
    const e = error as { name?: string; code?: string; message?: string };
    if (e?.name !== 'TimeoutError' && e?.code !== 'ETIMEDOUT') return undefined;
    if (/connect/i.test(e.message ?? '')) return { reason: 'connect-timeout', seconds: this.timeouts.connectMs / 1000 };
    // The SDK has one socket bound for both: the larger of the two settings, named after it.
    const { responseMs, idleMs } = this.timeouts;
    return { reason: responseMs >= idleMs ? 'response-timeout' : 'idle-timeout', seconds: Math.max(responseMs, idleMs) / 1000 };
  }

  close(): void {
    this.client.destroy();
  }
}

/** Names the AWS SDK gives an error whose answer carried no S3 error code. */
const SDK_STAND_INS = new Set(['Unknown', 'UnknownError']);

/** S3 error codes of a body whose hash is not the one the request carried (sha256 signature, Content-MD5). */
const CHANGED_IN_TRANSIT = new Set(['XAmzContentSHA256Mismatch', 'BadDigest']);

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function metadataOf(artifact: Artifact): Record<string, string> {
  const base = { sha256: artifact.sha256, 'ajar-course': encodeURIComponent(artifact.courseId) };
  if (artifact.kind === 'package') return { ...base, 'ajar-version': encodeURIComponent(artifact.version), 'ajar-format': artifact.format };
  return { ...base, 'ajar-media': artifact.mediaKey };
}
