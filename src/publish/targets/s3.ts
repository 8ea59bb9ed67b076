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
import { CopyObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Artifact } from '../artifacts.js';
import type { S3TargetConfig } from '../config-schema.js';
import { publishDefaults, timeoutsOf } from '../config-schema.js';
import { formatSeconds, type Timeouts } from '../http.js';
import type { Action, Destination, RemoteObject, RemoteState } from '../plan.js';
import { describeNetworkError, isAuthFailure, isRetryable } from '../retry.js';
import { PublishFailure, type ActionOutcome, type ApplyHooks, type PublishTarget } from '../target.js';

export interface S3TargetOptions {
  name: string;
  config: S3TargetConfig;
  credentials?: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string };
}

/** The key of a media rendition; the render stage builds its external URLs with the same function. */
export function mediaObjectKey(prefix: string, courseId: string, mediaKey: string, renditionPath: string): string {
  return `${normalisePrefix(prefix)}${courseId}/media/${mediaKey}/${renditionPath}`;
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

  constructor(options: S3TargetOptions) {
    this.name = options.name;
    this.config = options.config;
    this.maxAttempts = (options.config.retries ?? publishDefaults.retries) + 1;
    const credentials = options.credentials;
    this.timeouts = timeoutsOf(options.config);
    // The SDK warns on Node 20 about its releases after January 2027; ajar pins a version that supports
    // Node 20, so the warning would only bury the report (and a credential error's one line).
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new S3Client({
      region: options.config.region ?? publishDefaults.region,
      ...(options.config.endpoint ? { endpoint: options.config.endpoint } : {}),
      forcePathStyle: options.config.forcePathStyle ?? Boolean(options.config.endpoint),
      ...(credentials?.accessKeyId && credentials.secretAccessKey
        ? {
            credentials: {
              accessKeyId: credentials.accessKeyId,
              secretAccessKey: credentials.secretAccessKey,
              ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
            },
          }
        : {}),
      // The SDK retries network errors, 5xx and throttling with exponential back-off; never other 4xx.
      maxAttempts: this.maxAttempts,
      // Bounds on every request: a dead or stalled server ends the run instead of holding it. The SDK has
      // one inactivity bound per socket; it serves as both the response and the idle timeout (the larger).
      requestHandler: {
        connectionTimeout: this.timeouts.connectMs,
        socketTimeout: Math.max(this.timeouts.responseMs, this.timeouts.idleMs),
      },
      retryMode: 'standard',
      // S3-compatible servers (Ceph, MinIO) do not all accept the newer default checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
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

  async inspect(destinations: readonly Destination[]): Promise<RemoteState> {
    const remote = new Map<string, RemoteObject>();
    // A few HEADs at a time: fast on a good link, gentle on a slow one.
    const queue = [...destinations];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        try {
          const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: d.id }));
          const entry: RemoteObject = head.Metadata?.sha256 ? { complete: true, sha256: head.Metadata.sha256 } : { complete: true };
          remote.set(d.id, entry);
        } catch (error) {
          const status = statusOf(error);
          if (status === 404) continue;
          throw this.classify(error);
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return remote;
  }

  async apply(action: Action, hooks: ApplyHooks): Promise<ActionOutcome> {
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
        const source = `${this.config.bucket}/${action.from.split('/').map(encodeURIComponent).join('/')}`;
        await this.client.send(new CopyObjectCommand({ ...params, CopySource: source, MetadataDirective: 'REPLACE' }));
        hooks.progress(artifact.size, artifact.size);
        return { url: this.urlOf(destination.id), sentBytes: 0 };
      }
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
      return { url: this.urlOf(destination.id), sentBytes: artifact.size };
    } catch (error) {
      throw this.classify(error);
    }
  }

  private classify(error: unknown): PublishFailure {
    if (error instanceof PublishFailure) return error;
    const status = statusOf(error);
    const code = error instanceof S3ServiceException ? error.name : undefined;
    const attempts = (error as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? this.maxAttempts;
    if (status !== undefined && isAuthFailure(status, code)) return new PublishFailure('auth', code ?? `HTTP ${status}`, status, code);
    if (status !== undefined && !isRetryable(status)) {
      const message = (error as Error)?.message;
      const detail = message && message !== code && message !== 'UnknownError' ? message.slice(0, 200) : '';
      return new PublishFailure('rejected', detail, status, code, attempts);
    }
    return new PublishFailure('unreachable', status ? `HTTP ${status}${code ? ' ' + code : ''}` : this.describeTimeout(error) ?? describeNetworkError(error), status, code, attempts);
  }

  /** The SDK's own timeout errors, named after the ajar.yaml setting that bounds them. */
  private describeTimeout(error: unknown): string | undefined {
    const e = error as { name?: string; code?: string; message?: string };
    if (e?.name !== 'TimeoutError' && e?.code !== 'ETIMEDOUT') return undefined;
    if (/connect/i.test(e.message ?? '')) return `no connection within ${formatSeconds(this.timeouts.connectMs)} (connect_timeout)`;
    const ms = Math.max(this.timeouts.responseMs, this.timeouts.idleMs);
    return `no answer within ${formatSeconds(ms)} (${this.timeouts.responseMs >= this.timeouts.idleMs ? 'response_timeout' : 'idle_timeout'})`;
  }

  close(): void {
    this.client.destroy();
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function metadataOf(artifact: Artifact): Record<string, string> {
  const base = { sha256: artifact.sha256, 'ajar-course': encodeURIComponent(artifact.courseId) };
  if (artifact.kind === 'package') return { ...base, 'ajar-version': encodeURIComponent(artifact.version), 'ajar-format': artifact.format };
  return { ...base, 'ajar-media': artifact.mediaKey };
}
