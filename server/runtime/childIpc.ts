// The child side of the supervisor handshake: report "ready", answer pings, exit when orphaned.
import type { ChildMessage, SupervisorMessage } from '../../contracts/childMessages.ts';

export function sendToSupervisor(message: ChildMessage): void {
  if (process.send && process.connected) process.send(message);
}

export function signalReady(port: number, ctrlPort?: number): void {
  sendToSupervisor(ctrlPort === undefined ? { type: 'ready', port } : { type: 'ready', port, ctrlPort });
}

/**
 * Wires the IPC channel: `onShutdown` runs on a supervisor's shutdown request and when the
 * channel closes (the supervisor died), so a child never outlives its supervisor.
 */
export function attachToSupervisor(handlers: { onShutdown: () => Promise<void>; onMessage?: (message: SupervisorMessage) => void }): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    handlers
      .onShutdown()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  };
  process.on('message', (raw: unknown) => {
    const message = raw as SupervisorMessage;
    if (message.type === 'shutdown') stop();
    else if (message.type === 'ping') sendToSupervisor({ type: 'heartbeat' });
    else handlers.onMessage?.(message);
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
