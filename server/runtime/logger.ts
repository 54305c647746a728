// pino with a fixed set of categories; children write JSON lines to stdout and the supervisor files them.
import pino from 'pino';

export type LogCategory = 'supervisor' | 'db' | 'http' | 'jobs' | 'live' | 'caddy';

export function createLogger(category: LogCategory, level = 'info'): pino.Logger {
  return pino({
    level,
    base: { cat: category },
    // Secrets travel in headers and env; never let them reach a log line.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'password', '*.password', 'token', '*.token'],
      censor: '[redacted]',
    },
  });
}

export type Logger = pino.Logger;
