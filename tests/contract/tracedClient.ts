// Plane's Node SDK with every call traced: a failure names the SDK method, its arguments, and the
// status and body Hangar answered, so a red test says which route to fix without a debugger.
import { PlaneClient } from '@makeplane/plane-node-sdk';

export class SdkCallError extends Error {
  readonly status: number | undefined;
  readonly body: unknown;

  constructor(call: string, status: number | undefined, body: unknown, cause: unknown) {
    const shown = typeof body === 'string' ? body : JSON.stringify(body);
    super(`${call} → ${status ?? 'no answer'} ${shown?.slice(0, 400) ?? ''}`, { cause });
    this.name = 'SdkCallError';
    this.status = status;
    this.body = body;
  }
}

function argsOf(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)?.slice(0, 120))).join(', ');
}

function traced<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value: unknown = Reflect.get(obj, key, receiver);
      if (typeof key !== 'string' || key === 'config') return value;
      if (typeof value === 'function') {
        return (...args: unknown[]) => {
          const result: unknown = value.apply(obj, args);
          if (!(result instanceof Promise)) return result;
          return result.catch((error: unknown) => {
            const e = error as { statusCode?: number; response?: unknown };
            throw new SdkCallError(`${name}.${key}(${argsOf(args)})`, e.statusCode, e.response ?? (error as Error).message, error);
          });
        };
      }
      if (value !== null && typeof value === 'object') return traced(value, `${name}.${key}`);
      return value;
    },
  });
}

export function planeClient(baseUrl: string, apiKey: string): PlaneClient {
  return traced(new PlaneClient({ baseUrl, apiKey }), 'plane');
}

/** For assert.rejects: the call failed with this HTTP status. */
export const failsWith =
  (status: number) =>
  (error: unknown): boolean => {
    if (error instanceof SdkCallError && error.status === status) return true;
    throw error;
  };
