// Sign-in throttling: at most N failed attempts per email and per client address in a window.
// In memory: one api process serves the appliance, and a restart forgetting counters is harmless.

export class LoginRateLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #failures = new Map<string, number[]>();

  constructor(max = 10, windowMs = 15 * 60_000) {
    this.#max = max;
    this.#windowMs = windowMs;
  }

  #recent(key: string, now: number): number[] {
    const list = (this.#failures.get(key) ?? []).filter((t) => now - t < this.#windowMs);
    if (list.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, list);
    return list;
  }

  /** Seconds until another attempt is allowed, or 0 when allowed now. */
  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const list = this.#recent(key, now);
      if (list.length >= this.#max) wait = Math.max(wait, Math.ceil(((list[0] ?? now) + this.#windowMs - now) / 1000));
    }
    return wait;
  }

  fail(keys: string[], now = Date.now()): void {
    for (const key of keys) this.#failures.set(key, [...this.#recent(key, now), now]);
    // Bound memory under a spray of distinct keys.
    if (this.#failures.size > 50_000) this.#failures.clear();
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.#failures.delete(key);
  }
}
