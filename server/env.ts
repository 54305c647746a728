// The only module of a server child that reads process.env: the supervisor hands every child its
// whole configuration through these variables, and a child with a bad one exits with every problem listed.

export interface ServerEnv {
  dataDir: string;
  databaseUrl: string;
  /** Public listener (behind Caddy), always 127.0.0.1. */
  listenPort: number;
  /** Control listener (/ctrl), 127.0.0.1 only; api role only. */
  ctrlPort: number;
  /** Per-boot bearer secret for /ctrl. */
  ctrlSecret: string;
  /** Origin browsers use, e.g. http://localhost:7420 — used to build URLs and check Origin. */
  publicUrl: string;
  logLevel: string;
  /** Where attachments live in local-disk mode. */
  filesDir: string;
  /** Worker threads for jobs (0 = pick from CPU count). */
  jobWorkers: number;
  /** /api/v1 requests per minute per API token, and per service token. */
  apiRateLimit: number;
  serviceApiRateLimit: number;
  /** HANGAR_WEBHOOK_ALLOW_PRIVATE=1: webhooks may target loopback / private / link-local addresses. */
  webhookAllowPrivate: boolean;
}

type Source = Record<string, string | undefined>;

function readPort(source: Source, key: string, problems: string[], fallback?: number): number {
  const raw = source[key];
  if (raw === undefined || raw === '') {
    if (fallback !== undefined) return fallback;
    problems.push(`${key} is required`);
    return 0;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) problems.push(`${key} must be a port number, got "${raw}"`);
  return value;
}

function readString(source: Source, key: string, problems: string[], fallback?: string): string {
  const raw = source[key];
  if (raw === undefined || raw === '') {
    if (fallback !== undefined) return fallback;
    problems.push(`${key} is required`);
    return '';
  }
  return raw;
}

export function parseServerEnv(source: Source): { env: ServerEnv; problems: string[] } {
  const problems: string[] = [];
  const dataDir = readString(source, 'HANGAR_DATA_DIR', problems);
  const env: ServerEnv = {
    dataDir,
    databaseUrl: readString(source, 'HANGAR_DATABASE_URL', problems),
    listenPort: readPort(source, 'HANGAR_LISTEN_PORT', problems, 0),
    ctrlPort: readPort(source, 'HANGAR_CTRL_PORT', problems, 0),
    ctrlSecret: readString(source, 'HANGAR_CTRL_SECRET', problems, ''),
    publicUrl: readString(source, 'HANGAR_PUBLIC_URL', problems, 'http://localhost'),
    logLevel: readString(source, 'HANGAR_LOG_LEVEL', problems, 'info'),
    filesDir: readString(source, 'HANGAR_FILES_DIR', problems, dataDir ? `${dataDir}/files` : ''),
    jobWorkers: Number(readString(source, 'HANGAR_JOB_WORKERS', problems, '0')),
    apiRateLimit: Number(readString(source, 'HANGAR_API_RATE_LIMIT', problems, '60')),
    serviceApiRateLimit: Number(readString(source, 'HANGAR_SERVICE_API_RATE_LIMIT', problems, '300')),
    webhookAllowPrivate: webhookAllowPrivateIn(source),
  };
  if (!Number.isInteger(env.jobWorkers) || env.jobWorkers < 0) problems.push('HANGAR_JOB_WORKERS must be a whole number');
  for (const [key, value] of [
    ['HANGAR_API_RATE_LIMIT', env.apiRateLimit],
    ['HANGAR_SERVICE_API_RATE_LIMIT', env.serviceApiRateLimit],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) problems.push(`${key} must be a whole number of requests per minute`);
  }
  try {
    new URL(env.publicUrl);
  } catch {
    problems.push(`HANGAR_PUBLIC_URL must be a URL, got "${env.publicUrl}"`);
  }
  return { env, problems };
}

function webhookAllowPrivateIn(source: Source): boolean {
  return ['1', 'true', 'yes'].includes((source.HANGAR_WEBHOOK_ALLOW_PRIVATE ?? '').toLowerCase());
}

/** For job worker threads, which share the api child's environment but not its parsed ServerEnv. */
export function webhookAllowPrivateFromEnv(): boolean {
  return webhookAllowPrivateIn(process.env);
}

/** Reads and validates the environment once; exits with a readable list of problems. */
export function loadServerEnv(required: Array<keyof ServerEnv> = []): ServerEnv {
  const { env, problems } = parseServerEnv(process.env);
  for (const key of required) {
    if (env[key] === '' || env[key] === 0) problems.push(`${String(key)} must be set for this role`);
  }
  if (problems.length > 0) {
    process.stderr.write(`Hangar: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(78);
  }
  return env;
}
