// One HTTP POST of a webhook body to a checked target: connects only to the addresses the guard
// approved, follows no redirects, gives up after `timeoutMs`, keeps the first bytes of the answer.
import http from 'node:http';
import https from 'node:https';
import { pinnedLookup, type ResolvedAddress } from './targetGuard.ts';

export interface SendResult {
  /** HTTP status, or null when no answer came (refused, timed out, connection error). */
  status: number | null;
  /** The response body's first `maxResponseBytes`, as text. */
  body: string | null;
  error: string | null;
  durationMs: number;
}

export interface SendOptions {
  timeoutMs: number;
  maxResponseBytes: number;
}

export function postWebhook(
  target: { url: URL; addresses: ResolvedAddress[] },
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { url } = target;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const request = client.request(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(target.addresses) as unknown as http.RequestOptions['lookup'],
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          finish({
            status: response.statusCode ?? null,
            body: Buffer.concat(chunks).toString('utf8').slice(0, options.maxResponseBytes),
            error: null,
          });
        response.on('data', (chunk: Buffer) => {
          if (size >= options.maxResponseBytes) return;
          chunks.push(chunk.subarray(0, options.maxResponseBytes - size));
          size += chunk.length;
          // Enough to log: stop reading a large or endless answer.
          if (size >= options.maxResponseBytes) {
            done();
            response.destroy();
          }
        });
        response.on('end', done);
        response.on('error', done);
        response.on('close', done);
      },
    );
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('error', (error) => finish({ status: null, body: null, error: error.message }));
    request.end(body);
  });
}
