// Where attachment bytes live. Two backends behind one interface: the local disk under
// <data>/files (the default) and an S3-compatible server through the `minio` client. Both take and
// give streams: a file is never held whole in memory.
import type { Readable } from 'node:stream';

export type StorageKind = 'local' | 's3';

/** Recorded with every stored file (file_assets.attributes.storage) so it is read back from where it went. */
export interface StorageLocation {
  kind: StorageKind;
  /** S3 only: the bucket the object was written to. */
  bucket?: string;
}

export interface FileStorage {
  readonly location: StorageLocation;
  /**
   * Streams `body` to `key` and resolves once it is stored. If `body` errors (too large, client
   * gone), nothing is left under `key` and the promise rejects with that error.
   */
  write(key: string, body: Readable, meta: { contentType: string; size: number }): Promise<void>;
  /** The stored bytes as a stream; rejects with StoredFileMissing when there is nothing under `key`. */
  read(key: string): Promise<Readable>;
  /** Removes `key`; a missing key is not an error. */
  remove(key: string): Promise<void>;
}

export class StoredFileMissing extends Error {
  constructor(key: string) {
    super(`No stored file under "${key}".`);
    this.name = 'StoredFileMissing';
  }
}

/** Keys are `<workspace id>/<asset id>`: two UUIDs, never a path a caller could steer. */
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`Invalid storage key "${key}"`);
}

export function storageKey(workspaceId: string, assetId: string): string {
  const key = `${workspaceId.toLowerCase()}/${assetId.toLowerCase()}`;
  assertStorageKey(key);
  return key;
}
