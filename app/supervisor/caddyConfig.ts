// Caddy's JSON config: the front door routes of DESIGN.md. Pure function of ports and paths.
import path from 'node:path';

export interface CaddyLayout {
  adminSocket: string;
  storageDir: string;
  listen: string[];
  apiPort: number;
  livePort: number;
  rendererDir: string;
}

type Json = Record<string, unknown>;

/** The admin block must be part of every loaded config, or /load would move the endpoint to :2019. */
export function caddyAdmin(adminSocket: string): Json {
  return { listen: `unix/${adminSocket}`, origins: ['localhost'], config: { persist: false } };
}

function proxy(port: number, extra: Json = {}): Json {
  return { handler: 'reverse_proxy', upstreams: [{ dial: `127.0.0.1:${port}` }], ...extra };
}

function redirect(from: string, to: string): Json {
  return {
    match: [{ path: [from] }],
    handle: [{ handler: 'static_response', status_code: 308, headers: { Location: [to] } }],
    terminal: true,
  };
}

/** A single-page app under `prefix`, with index.html for client-side routes. */
function spa(prefix: string, root: string): Json {
  const strip = prefix === '/' ? [] : [{ handle: [{ handler: 'rewrite', strip_path_prefix: prefix.replace(/\/$/, '') }] }];
  return {
    match: [{ path: [prefix === '/' ? '/*' : `${prefix}*`] }],
    handle: [
      {
        handler: 'subroute',
        routes: [
          ...strip,
          {
            match: [{ file: { root, try_files: ['{http.request.uri.path}', '/index.html'] } }],
            handle: [{ handler: 'rewrite', uri: '{http.matchers.file.relative}' }],
          },
          {
            match: [{ path: ['/assets/*'] }],
            handle: [{ handler: 'headers', response: { set: { 'Cache-Control': ['public, max-age=31536000, immutable'] } } }],
          },
          { handle: [{ handler: 'file_server', root }] },
        ],
      },
    ],
    terminal: true,
  };
}

export function caddyConfig(layout: CaddyLayout): Json {
  const app = (name: string): string => path.join(layout.rendererDir, name, 'dist');
  const securityHeaders = {
    handler: 'headers',
    response: {
      set: {
        'X-Content-Type-Options': ['nosniff'],
        'Referrer-Policy': ['same-origin'],
        'X-Frame-Options': ['SAMEORIGIN'],
      },
      deferred: true,
    },
  };
  const routes: Json[] = [
    { handle: [securityHeaders] },
    // /ctrl is the api's control surface: it lives on a 127.0.0.1-only listener and is never proxied.
    {
      match: [{ path: ['/ctrl', '/ctrl/*'] }],
      handle: [{ handler: 'static_response', status_code: 404, body: 'Not found' }],
      terminal: true,
    },
    { match: [{ path: ['/live/*'] }], handle: [proxy(layout.livePort)], terminal: true },
    // flush_interval -1 streams server-sent events (/pub status) without buffering.
    { match: [{ path: ['/api/*', '/auth/*', '/pub/*'] }], handle: [proxy(layout.apiPort, { flush_interval: -1 })], terminal: true },
    redirect('/god-mode', '/god-mode/'),
    redirect('/spaces', '/spaces/'),
    { handle: [{ handler: 'encode', encodings: { gzip: {} }, prefer: ['gzip'] }] },
    spa('/god-mode/', app('admin')),
    spa('/spaces/', app('space')),
    spa('/', app('web')),
  ];
  return {
    admin: caddyAdmin(layout.adminSocket),
    logging: { logs: { default: { level: 'WARN' } } },
    storage: { module: 'file_system', root: layout.storageDir },
    apps: {
      http: {
        servers: {
          hangar: {
            listen: layout.listen,
            automatic_https: { disable: true },
            routes,
          },
        },
      },
      pki: { certificate_authorities: { local: { install_trust: false } } },
    },
  };
}
