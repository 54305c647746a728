// The one HTTP client of the web UIs: JSON in and out, same-origin cookies, CSRF header on writes,
// and errors turned into ApiError (status + stable id + the server's message).
import type { ApiErrorBody, Instance, ServiceStatus, User, WorkspaceSummary } from './types.ts';

export const CSRF_COOKIE = 'hangar_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export class ApiError extends Error {
  readonly status: number;
  /** Stable error id from the server (`id`), or `network_error` / `bad_response` from the client. */
  readonly id: string;

  constructor(status: number, id: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.id = id;
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

// The token the server last handed out, used when the cookie cannot be read back (e.g. a narrower cookie path).
let issuedToken: string | null = null;

async function freshCsrfToken(): Promise<string> {
  const body = await send<{ csrf_token: string }>('GET', '/auth/csrf', undefined, null);
  issuedToken = body.csrf_token;
  return readCookie(CSRF_COOKIE) ?? body.csrf_token;
}

async function csrfToken(): Promise<string> {
  return readCookie(CSRF_COOKIE) ?? issuedToken ?? (await freshCsrfToken());
}

async function send<T>(method: Method, path: string, body: unknown, csrf: string | null): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf !== null) headers[CSRF_HEADER] = csrf;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Hangar could not be reached. Check that it is running, then try again.');
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      if (response.ok) throw new ApiError(response.status, 'bad_response', 'The server sent an answer Hangar could not read.');
    }
  }
  if (!response.ok) {
    const error = (parsed !== null && typeof parsed === 'object' ? parsed : {}) as ApiErrorBody;
    throw new ApiError(response.status, error.id ?? error.error ?? `http_${response.status}`, error.message ?? response.statusText);
  }
  return parsed as T;
}

function isCsrfFailure(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403 && error.id.toLowerCase().includes('csrf');
}

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  if (method === 'GET') return send<T>(method, path, body, null);
  try {
    return await send<T>(method, path, body, await csrfToken());
  } catch (error) {
    // A stale or rotated token: fetch a new one once and retry.
    if (!isCsrfFailure(error)) throw error;
    return send<T>(method, path, body, await freshCsrfToken());
  }
}

export interface SetupInput {
  email: string;
  password: string;
  first_name: string;
  last_name: string;
  workspace_name?: string;
}

export interface SignUpInput {
  email: string;
  password: string;
  first_name?: string;
  last_name?: string;
}

export const api = {
  instance: () => request<Instance>('GET', '/api/instance'),
  setupInstance: (input: SetupInput) => request<{ user: User }>('POST', '/api/instance/setup', input),
  updateInstance: (patch: { signup_open?: boolean; instance_name?: string }) => request<Instance>('PATCH', '/api/instance', patch),
  services: () => request<{ services: ServiceStatus[] }>('GET', '/api/instance/services'),
  me: () => request<User>('GET', '/api/users/me'),
  myWorkspaces: () => request<WorkspaceSummary[]>('GET', '/api/users/me/workspaces'),
  signIn: (email: string, password: string) => request<{ user: User }>('POST', '/auth/sign-in', { email, password }),
  signUp: (input: SignUpInput) => request<{ user: User }>('POST', '/auth/sign-up', input),
  signOut: () => request<null>('POST', '/auth/sign-out'),
};

/** The current user, or null when not signed in (401). Other errors are thrown. */
export async function currentUser(): Promise<User | null> {
  try {
    return await api.me();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}
