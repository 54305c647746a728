// Files in an S3-compatible bucket (MinIO, AWS S3, Swift s3api, …) through the `minio` client. The
// upload is streamed: objects up to PART_SIZE go in one PUT, bigger ones as a multipart upload of
// PART_SIZE parts, so at most about one part is in memory per upload.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Client, S3Error } from 'minio';
import { assertStorageKey, type FileStorage, type StorageLocation, StoredFileMissing } from './fileStorage.ts';

export interface S3Config {
  kind: 's3';
  endpoint: string;
  port?: number;
  useSSL?: boolean;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region?: string;
  /** Path-style URLs (http://host/bucket/key); default true, what MinIO and Swift expect. */
  pathStyle?: boolean;
}

const PART_SIZE = 5 * 1024 * 1024;

function isMissing(error: unknown): boolean {
  return error instanceof S3Error && (error.code === 'NoSuchKey' || error.code === 'NotFound');
}

export class S3Storage implements FileStorage {
  readonly location: StorageLocation;
  readonly client: Client;
  readonly bucket: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.location = { kind: 's3', bucket: config.bucket };
    this.client = new Client({
      endPoint: config.endpoint,
      ...(config.port !== undefined ? { port: config.port } : {}),
      useSSL: config.useSSL ?? true,
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      ...(config.region ? { region: config.region } : {}),
      pathStyle: config.pathStyle ?? true,
      partSize: PART_SIZE,
    });
  }

  /** The same client pointed at another bucket (a file written before the bucket setting changed). */
  withBucket(bucket: string, config: S3Config): S3Storage {
    return bucket === this.bucket ? this : new S3Storage({ ...config, bucket });
  }

  async write(key: string, body: Readable, meta: { contentType: string; size: number }): Promise<void> {
    assertStorageKey(key);
    // Parts are cut here rather than by minio's putObject, which does not notice a failing source
    // stream (it would wait forever and leave the multipart upload open). Iterating `body` rethrows
    // its error at once; an open multipart upload is then aborted.
    const headers = { 'Content-Type': meta.contentType };
    let uploadId: string | null = null;
    const etags: { part: number; etag: string }[] = [];
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const chunk of body as AsyncIterable<Buffer>) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        while (pendingBytes >= PART_SIZE) {
          const all = Buffer.concat(pending);
          uploadId ??= await this.client.initiateNewMultipartUpload(this.bucket, key, headers);
          etags.push(await this.#uploadPart(key, uploadId, etags.length + 1, all.subarray(0, PART_SIZE)));
          const rest = all.subarray(PART_SIZE);
          pending = rest.length > 0 ? [rest] : [];
          pendingBytes = rest.length;
        }
      }
      const last = Buffer.concat(pending);
      if (uploadId === null) {
        await this.client.putObject(this.bucket, key, last, last.length, headers);
        return;
      }
      if (last.length > 0) etags.push(await this.#uploadPart(key, uploadId, etags.length + 1, last));
      await this.client.completeMultipartUpload(this.bucket, key, uploadId, etags);
    } catch (error) {
      if (uploadId !== null) await this.client.abortMultipartUpload(this.bucket, key, uploadId).catch(() => undefined);
      throw error;
    }
  }

  async #uploadPart(key: string, uploadId: string, part: number, bytes: Buffer): Promise<{ part: number; etag: string }> {
    const md5 = createHash('md5').update(bytes).digest('base64');
    const result = await this.client.uploadPart(
      {
        bucketName: this.bucket,
        objectName: key,
        uploadID: uploadId,
        partNumber: part,
        headers: { 'Content-Length': bytes.length, 'Content-MD5': md5 },
      },
      bytes,
    );
    return { part, etag: result.etag };
  }

  async read(key: string): Promise<Readable> {
    assertStorageKey(key);
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (error) {
      if (isMissing(error)) throw new StoredFileMissing(key);
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    assertStorageKey(key);
    try {
      await this.client.removeObject(this.bucket, key);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
}
