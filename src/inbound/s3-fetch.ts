// Reads one object from S3 for the SES "S3 action" (mail over 150 KB never fits in an SNS notification:
// HOOK-3). A plain GET signed with AWS Signature Version 4, so no S3 SDK is needed for this one call.
import { createHash, createHmac } from 'node:crypto';

export interface S3FetchOptions {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Path-style endpoint (a local S3-compatible server); default: virtual-hosted AWS. */
  endpoint?: string;
  maxBytes: number;
  timeoutMs?: number;
  now?: () => Date;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
// RFC 3986 unreserved characters stay; everything else is percent-encoded, '/' kept in paths (SigV4 rules).
const encodePath = (p: string) => p.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');

export function s3ObjectFetcher(o: S3FetchOptions): (bucket: string, key: string) => Promise<Buffer> {
  return async (bucket, key) => {
    const url = o.endpoint ? new URL(`${o.endpoint.replace(/\/$/, '')}/${bucket}/${encodePath(key)}`) : new URL(`https://${bucket}.s3.${o.region}.amazonaws.com/${encodePath(key)}`);
    const now = (o.now ?? (() => new Date()))();
    const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const payloadHash = sha256('');
    const headers: Record<string, string> = { host: url.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
    if (o.credentials.sessionToken) headers['x-amz-security-token'] = o.credentials.sessionToken;
    const names = Object.keys(headers).sort();
    const canonical = ['GET', url.pathname, '', ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), payloadHash].join('\n');
    const scope = `${day}/${o.region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
    let k = hmac(`AWS4${o.credentials.secretAccessKey}`, day);
    for (const part of [o.region, 's3', 'aws4_request']) k = hmac(k, part);
    const signature = createHmac('sha256', k).update(toSign).digest('hex');
    const res = await fetch(url, {
      headers: { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${o.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` },
      redirect: 'error',
      signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
    });
    if (!res.ok) throw new Error(`S3 GET ${bucket}/${key}: HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > o.maxBytes) throw new Error(`S3 object ${bucket}/${key} is ${declared} bytes: over the limit`);
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > o.maxBytes) throw new Error(`S3 object ${bucket}/${key} is over the limit`);
    return body;
  };
}
