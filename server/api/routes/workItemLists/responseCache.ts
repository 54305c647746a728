// Finished list and board answers (the JSON bytes), kept per request key and served while the
// project's list data version (0017, read with the caller's membership on every request) is still
// the one they were made under. Bounded by bytes, least recently used first out.
//
// Why an answer can never be stale: the version grows with every commit that changes anything a
// list reads (triggers in the writing transaction), and it is read before the answer is computed,
// so an answer stored under version V holds every change committed before V was read (or later
// ones). A request is served from the cache only when the version it just read equals V: nothing
// has committed since. The key holds everything else the answer depends on: the project, its
// identifier, the viewer's visibility (guests who see only their own items get their own entries)
// and the normalised query. Membership is checked before the cache is consulted, every time.

interface Entry {
  version: bigint;
  body: Buffer;
}

export class ResponseCache {
  readonly #maxBytes: number;
  readonly #maxEntryBytes: number;
  /** Insertion order is recency order: a hit moves its entry to the end. */
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(maxBytes: number, maxEntryBytes = Math.floor(maxBytes / 8)) {
    this.#maxBytes = maxBytes;
    this.#maxEntryBytes = maxEntryBytes;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The answer stored under `key` if it was made under exactly `version`. */
  get(key: string, version: string): Buffer | null {
    const entry = this.#entries.get(key);
    if (!entry || entry.version !== BigInt(version)) return null;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.body;
  }

  /** Stores an answer made under `version` (never replacing one made under a later version). */
  set(key: string, version: string, body: Buffer): void {
    const v = BigInt(version);
    const old = this.#entries.get(key);
    if (old) {
      if (old.version > v) return;
      this.#remove(key, old);
    }
    if (body.length > this.#maxEntryBytes) return;
    this.#entries.set(key, { version: v, body });
    this.#bytes += body.length + key.length;
    for (const [k, e] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#remove(k, e);
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  #remove(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.body.length + key.length;
  }
}
