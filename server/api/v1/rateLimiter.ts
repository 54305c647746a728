// Per-token request budget for /api/v1: a fixed one-minute window per key, in memory (one api
// process serves the appliance; a restart forgives everyone, which is harmless).

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the window ends. */
  resetAt: number;
}

interface Window {
  startedAt: number;
  count: number;
}

const WINDOW_MS = 60_000;
/** Forget idle windows once the map grows past this, so abandoned keys cost nothing. */
const SWEEP_AT = 10_000;

export class ApiRateLimiter {
  private readonly windows = new Map<string, Window>();

  take(key: string, limit: number, now = Date.now()): RateDecision {
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      if (this.windows.size >= SWEEP_AT) this.sweep(now);
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    const allowed = window.count < limit;
    if (allowed) window.count += 1;
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - window.count),
      resetAt: Math.ceil((window.startedAt + WINDOW_MS) / 1000),
    };
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.startedAt >= WINDOW_MS) this.windows.delete(key);
  }
}
