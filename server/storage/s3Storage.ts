// Files in an S3-compatible bucket (MinIO, AWS S3, Swift s3api, …) through the `minio` client. The
// upload is streamed: objects up to PART_SIZE go in one PUT, bigger ones in PART_SIZE multipart
// chunks, so at most one part is in memory per upload.
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
    // minio does not always watch the source stream for errors: fail as soon as it does.
    let onError: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => {
      onError = reject;
      body.once('error', reject);
    });
    try {
      await Promise.race([this.client.putObject(this.bucket, key, body, meta.size, { 'Content-Type': meta.contentType }), failed]);
    } catch (error) {
      await this.client.removeIncompleteUpload(this.bucket, key).catch(() => undefined);
      await this.remove(key).catch(() => undefined);
      throw error;
    } finally {
      body.off('error', onError);
    }
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
