// Service names and states shared by the supervisor, the API (health), the CLI and the UIs.

export const SERVICE_NAMES = ['postgres', 'api', 'live', 'caddy'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Lifecycle of one supervised child. FAILED is terminal until an explicit restart. */
export type ServiceState = 'stopped' | 'starting' | 'ready' | 'backoff' | 'waiting' | 'stopping' | 'failed';

export interface ServiceStatus {
  name: ServiceName;
  state: ServiceState;
  pid: number | null;
  port: number | null;
  /** ISO time the current process became ready; null when not ready. */
  readySince: string | null;
  restarts: number;
  /** Resident set size in bytes, when the process is running and measurable. */
  rssBytes: number | null;
  /** Why it is failed / in backoff, with the last lines it logged. */
  reason: string | null;
  lastLogLines: string[];
}

export interface ApplianceStatus {
  dataDir: string;
  port: number;
  url: string;
  supervisorPid: number;
  startedAt: string;
  services: ServiceStatus[];
}
