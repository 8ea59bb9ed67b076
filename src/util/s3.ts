// One way to make an S3 client, for the media store (`ajar media --store s3://…`) and publish's S3 target:
// the settings every S3-compatible server (AWS, Ceph RGW, MinIO) accepts.

import { S3Client } from '@aws-sdk/client-s3';

export interface S3ClientSettings {
  readonly region: string;
  /** An S3-compatible server (Ceph RGW, MinIO); AWS when absent. */
  readonly endpoint?: string;
  /** Path-style URLs (endpoint/bucket/key); default: when an endpoint is given. */
  readonly forcePathStyle?: boolean;
  /** Without, the SDK reads its usual variables and files. */
  readonly credentials?: { readonly accessKeyId?: string; readonly secretAccessKey?: string; readonly sessionToken?: string };
  /** Attempts per request: the SDK retries network errors, 5xx and throttling with back-off, never other 4xx. */
  readonly maxAttempts?: number;
  /** Bounds on every request, in milliseconds: a dead or stalled server ends the run instead of holding it. */
  readonly timeouts?: { readonly connectMs: number; readonly socketMs: number };
}

export function createS3Client(settings: S3ClientSettings): S3Client {
  // The SDK warns on Node 20 about its releases after January 2027; ajar pins a version that supports
  // Node 20, so the warning would only bury the report (and a credential error's one line).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const c = settings.credentials;
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle ?? Boolean(settings.endpoint),
    ...(c?.accessKeyId && c.secretAccessKey
      ? { credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) } }
      : {}),
    ...(settings.maxAttempts ? { maxAttempts: settings.maxAttempts, retryMode: 'standard' } : {}),
    // The SDK has one inactivity bound per socket; it serves as both the response and the idle timeout.
    ...(settings.timeouts ? { requestHandler: { connectionTimeout: settings.timeouts.connectMs, socketTimeout: settings.timeouts.socketMs } } : {}),
    // The SDK's default streaming checksums (aws-chunked) are not understood by every S3 server (Ceph RGW
    // answers MissingContentLength); checksums only where the API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
