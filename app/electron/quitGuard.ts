// Ordered quit: the first quit request is held (before-quit's preventDefault) until the supervisor
// has stopped every service (Postgres cleanly), then the quit is replayed. Bounded: after the
// deadline the app exits anyway, so a stuck child cannot keep Hangar alive forever.

export interface QuitGuardOptions {
  stop(): Promise<void>;
  /** Called once the appliance is stopped (Electron: app.quit(), which re-emits before-quit). */
  quit(): void;
  /** Called when stopping failed or timed out (Electron: app.exit(1)). */
  forceExit(reason: string): void;
  timeoutMs: number;
}

export type QuitPhase = 'running' | 'stopping' | 'stopped';

/** Returns the before-quit listener plus a view of the phase (for tests and logs). */
export function createQuitGuard(options: QuitGuardOptions): { onBeforeQuit(event: { preventDefault(): void }): void; phase(): QuitPhase } {
  let phase: QuitPhase = 'running';
  const onBeforeQuit = (event: { preventDefault(): void }): void => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`services did not stop within ${options.timeoutMs} ms`)), options.timeoutMs);
    });
    Promise.race([options.stop(), deadline]).then(
      () => {
        clearTimeout(timer);
        phase = 'stopped';
        options.quit();
      },
      (error: unknown) => {
        clearTimeout(timer);
        phase = 'stopped';
        options.forceExit(error instanceof Error ? error.message : String(error));
      },
    );
  };
  return { onBeforeQuit, phase: () => phase };
}
