// Small probes the appliance tests share: HTTP through Caddy, waiting, process liveness.
import Database from 'better-sqlite3';
import type { ApplianceStatus, ServiceName } from '../../contracts/services.ts';
import { controlClient } from '../../app/supervisor/controlClient.ts';

export async function get(url: string): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

export async function waitUntil<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

export async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`)).status === 200;
  } catch {
    return false;
  }
}

export async function service(dataDir: string, name: ServiceName): Promise<ApplianceStatus['services'][number]> {
  const status = await controlClient(dataDir).status();
  const found = status.services.find((s) => s.name === name);
  if (!found) throw new Error(`no service ${name}`);
  return found;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The supervisor's event log from appliance.db (readable while it runs: WAL mode). */
export function events(dataDir: string): Array<{ service: string; kind: string; message: string }> {
  const db = new Database(`${dataDir}/appliance.db`, { readonly: true });
  try {
    return db
      .prepare<[], { service: string; kind: string; message: string }>('SELECT service, kind, message FROM events ORDER BY id')
      .all();
  } finally {
    db.close();
  }
}
