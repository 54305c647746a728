// Which FileStorage to use, from instance_settings key `storage`: absent or {kind:'local'} → the
// local disk under <data>/files; {kind:'s3', endpoint, port?, useSSL?, bucket, accessKey, secretKey,
// region?, pathStyle?} → an S3-compatible server through `minio`. A bad setting is reported with
// every problem listed, never guessed around.
import type { Pool } from '../db/pool.ts';
import type { FileStorage, StorageLocation } from './fileStorage.ts';
import { LocalDiskStorage } from './localDiskStorage.ts';
import { type S3Config, S3Storage } from './s3Storage.ts';

export type StorageConfig = { kind: 'local' } | S3Config;

export class StorageConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Attachment storage is misconfigured: ${problems.join('; ')}.`);
    this.name = 'StorageConfigError';
    this.problems = problems;
  }
}

const BUCKET = /^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates the `storage` setting; throws StorageConfigError listing every problem. */
export function parseStorageConfig(value: unknown): StorageConfig {
  if (value === null || value === undefined) return { kind: 'local' };
  if (!isObject(value)) throw new StorageConfigError(['the setting must be an object like {"kind": "local"} or {"kind": "s3", …}']);
  if (value.kind === 'local') return { kind: 'local' };
  if (value.kind !== 's3') throw new StorageConfigError([`kind must be "local" or "s3", got ${JSON.stringify(value.kind)}`]);
  const problems: string[] = [];
  const str = (key: string): string => {
    const v = value[key];
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`${key} is required (a non-empty string)`);
      return '';
    }
    return v.trim();
  };
  let endpoint = str('endpoint');
  let port: number | undefined;
  let useSSL: boolean | undefined;
  // Accept a URL ("http://127.0.0.1:9000") as well as a bare host.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) {
    try {
      const url = new URL(endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push('endpoint must be an http(s) URL or a host name');
      if (url.pathname !== '/' && url.pathname !== '') problems.push('endpoint must not have a path (put the bucket in "bucket")');
      endpoint = url.hostname;
      useSSL = url.protocol === 'https:';
      if (url.port) port = Number(url.port);
    } catch {
      problems.push(`endpoint is not a valid URL: ${JSON.stringify(value.endpoint)}`);
    }
  } else if (endpoint && !HOST.test(endpoint)) {
    problems.push(`endpoint must be a host name or address (e.g. "s3.example.com" or "127.0.0.1"), got ${JSON.stringify(endpoint)}`);
  }
  if (value.port !== undefined) {
    if (typeof value.port !== 'number' || !Number.isInteger(value.port) || value.port < 1 || value.port > 65535)
      problems.push('port must be a whole number from 1 to 65535');
    else port = value.port;
  }
  if (value.useSSL !== undefined) {
    if (typeof value.useSSL !== 'boolean') problems.push('useSSL must be true or false');
    else useSSL = value.useSSL;
  }
  const bucket = str('bucket');
  if (bucket && !BUCKET.test(bucket))
    problems.push(`bucket must be a valid S3 bucket name (3–63 lower-case letters, digits, dots, hyphens), got ${JSON.stringify(bucket)}`);
  const accessKey = str('accessKey');
  const secretKey = str('secretKey');
  let region: string | undefined;
  if (value.region !== undefined) {
    if (typeof value.region !== 'string' || !/^[a-z0-9-]{1,64}$/.test(value.region))
      problems.push('region must be a region name like "us-east-1"');
    else region = value.region;
  }
  let pathStyle: boolean | undefined;
  if (value.pathStyle !== undefined) {
    if (typeof value.pathStyle !== 'boolean') problems.push('pathStyle must be true or false');
    else pathStyle = value.pathStyle;
  }
  if (problems.length > 0) throw new StorageConfigError(problems);
  return {
    kind: 's3',
    endpoint,
    bucket,
    accessKey,
    secretKey,
    ...(port !== undefined ? { port } : {}),
    ...(useSSL !== undefined ? { useSSL } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(pathStyle !== undefined ? { pathStyle } : {}),
  };
}

/**
 * Resolves the storage for new files (from the current setting) and for stored ones (from the
 * location recorded with them). One per API process; S3 clients are reused while the setting is unchanged.
 */
export class StorageResolver {
  readonly local: LocalDiskStorage;
  readonly #db: Pool;
  #s3: { json: string; config: S3Config; storage: S3Storage } | null = null;

  constructor(db: Pool, filesDir: string) {
    this.#db = db;
    this.local = new LocalDiskStorage(filesDir);
  }

  async config(): Promise<StorageConfig> {
    const { rows } = await this.#db.query<{ value: unknown }>("SELECT value FROM instance_settings WHERE key = 'storage'");
    return parseStorageConfig(rows[0]?.value);
  }

  #s3For(config: S3Config): S3Storage {
    const json = JSON.stringify(config);
    if (this.#s3?.json !== json) this.#s3 = { json, config, storage: new S3Storage(config) };
    return this.#s3.storage;
  }

  /** Where new files go. */
  async current(): Promise<FileStorage> {
    const config = await this.config();
    return config.kind === 'local' ? this.local : this.#s3For(config);
  }

  /** Where a stored file is, from its recorded location. */
  async at(location: StorageLocation | undefined): Promise<FileStorage> {
    if (!location || location.kind === 'local') return this.local;
    const config = await this.config();
    if (config.kind !== 's3') throw new StorageConfigError(['this file is stored in S3, but S3 storage is no longer configured']);
    const storage = this.#s3For(config);
    return location.bucket ? storage.withBucket(location.bucket, config) : storage;
  }

  /** Removes a stored file from where it was written (a missing one is fine). */
  async removeStored(file: { storage_key: string; attributes: { storage?: StorageLocation } }): Promise<void> {
    const storage = file.attributes.storage ? await this.at(file.attributes.storage) : await this.current();
    await storage.remove(file.storage_key);
  }
}
