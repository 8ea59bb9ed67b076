// An S3 bucket as the shared store between `ajar media --queue … --store s3://bucket/prefix` and the
// workers, for machines that share no folder. Sources go up under `sources/<key><ext>`; a worker makes
// the entry in its own local cache and uploads it under `<key>/` with entry.json last, so an entry whose
// upload was cut is never trusted; the producer downloads it into its cache with writeDirAtomic.
// Credentials come from the usual AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION);
// AWS_ENDPOINT_URL (or AJAR_S3_ENDPOINT) points at a non-AWS server such as Ceph RGW or MinIO.

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AjarError } from '../diagnostics/errors.js';
import { writeDirAtomic } from '../fs/atomic.js';
import { ENTRY_FILE, entryDir } from './cache.js';
import { rules } from './rules.js';
import { isSafeRelativePath } from '../util/paths.js';
import { createS3Client } from '../util/s3.js';

export interface S3Location {
  readonly bucket: string;
  /** Without leading or trailing slash; may be empty. */
  readonly prefix: string;
}

export function parseS3Url(url: string): S3Location {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) throw new AjarError(rules['media-store-url']({ data: { url } }));
  return { bucket: m[1]!, prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

export class S3Store {
  readonly location: S3Location;
  private readonly client: S3Client;

  constructor(url: string, env: Readonly<Record<string, string | undefined>> = process.env) {
    this.location = parseS3Url(url);
    const endpoint = env.AJAR_S3_ENDPOINT || env.AWS_ENDPOINT_URL;
    this.client = createS3Client({
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
      ...(endpoint ? { endpoint } : {}),
      credentials: { ...(env.AWS_ACCESS_KEY_ID ? { accessKeyId: env.AWS_ACCESS_KEY_ID } : {}), ...(env.AWS_SECRET_ACCESS_KEY ? { secretAccessKey: env.AWS_SECRET_ACCESS_KEY } : {}) },
    });
  }

  private key(rel: string): string {
    return this.location.prefix ? `${this.location.prefix}/${rel}` : rel;
  }

  async exists(rel: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.key(rel) }));
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return false;
      throw error;
    }
  }

  async upload(rel: string, file: string, contentType?: string): Promise<void> {
    const { size } = await stat(file);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.location.bucket, Key: this.key(rel), Body: createReadStream(file), ContentLength: size, ...(contentType ? { ContentType: contentType } : {}) }),
    );
  }

  async download(rel: string, file: string): Promise<void> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(rel) }));
    await mkdir(path.dirname(file), { recursive: true });
    await pipeline(out.Body as Readable, createWriteStream(file));
  }

  async remove(rel: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.key(rel) }));
  }

  /** Uploads a finished entry folder; entry.json last, so its presence means the rest is there. */
  async pushEntry(key: string, dir: string): Promise<void> {
    const files: string[] = [];
    const walk = async (rel: string) => {
      for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(r);
        else if (r !== ENTRY_FILE) files.push(r);
      }
    };
    await walk('');
    for (const f of files) await this.upload(`${key}/${f}`, path.join(dir, ...f.split('/')));
    await this.upload(`${key}/${ENTRY_FILE}`, path.join(dir, ENTRY_FILE), 'application/json');
  }

  /** Downloads an entry into `<cacheDir>/<key>/` atomically; false when the bucket has no complete entry. */
  async pullEntry(key: string, cacheDir: string): Promise<boolean> {
    if (!(await this.exists(`${key}/${ENTRY_FILE}`))) return false;
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: this.key(`${key}/`), ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const o of page.Contents ?? []) if (o.Key) names.push(o.Key.slice(this.key(`${key}/`).length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    await writeDirAtomic(entryDir(cacheDir, key), async (tmp) => {
      for (const rel of names) {
        if (!isSafeRelativePath(rel)) continue;
        await this.download(`${key}/${rel}`, path.join(tmp, ...rel.split('/')));
      }
    });
    return true;
  }

  close(): void {
    this.client.destroy();
  }
}
