// IPC messages between the supervisor and its Node children (api, live).
import type { ServiceStatus } from './services.ts';

/** Child → supervisor. */
export type ChildMessage = { type: 'ready'; port: number; ctrlPort?: number } | { type: 'heartbeat' } | { type: 'fatal'; reason: string };

/** Supervisor → child. */
export type SupervisorMessage = { type: 'services'; services: ServiceStatus[] } | { type: 'shutdown' } | { type: 'ping' };
