// Files on the local disk: <root>/<workspace id>/<asset id> (root = <data>/files). A write goes to a
// temporary file beside the target and is renamed into place once complete and flushed, so a
// reader never sees half a file and a failed upload leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertStorageKey, type FileStorage, type StorageLocation, StoredFileMissing } from './fileStorage.ts';

export class LocalDiskStorage implements FileStorage {
  readonly location: StorageLocation = { kind: 'local' };
  readonly root: string;

  constructor(root: string) {
    if (!root) throw new Error('LocalDiskStorage needs a root directory');
    this.root = root;
  }

  /** The absolute path of `key` (tests compare the file on disk with what was uploaded). */
  pathOf(key: string): string {
    assertStorageKey(key);
    return join(this.root, key);
  }

  async write(key: string, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      const out = createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true });
      await pipeline(body, out);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async read(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      const handle = await open(path, 'r');
      return handle.createReadStream();
    } catch (error) {
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT') throw new StoredFileMissing(key);
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
