// The supervisor: postgres → migrations → api → live → caddy, each supervised; ordered, bounded
// stop. Plain Node — never imports electron — so `hangar serve` and the desktop app share it.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { accessSync, chmodSync, constants, existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_NAMES, type ApplianceStatus, type ServiceName } from '../../contracts/services.ts';
import { type DataPaths, dataPaths } from '../config/dataDir.ts';
import { type ApplianceDb, openApplianceDb } from '../state/applianceDb.ts';
import { startControlServer } from './controlServer.ts';
import { acquireLock } from './dataDirLock.ts';
import { LogSink } from './logSink.ts';
import { freePort, probePort } from './ports.ts';
import { binariesReachableBy, findPostgresBinaries } from './postgresBinaries.ts';
import { initCluster, isInitialized, postgresAccount, resetPassword } from './postgresCluster.ts';
import { commandLine, isAlive, signal, treeMemoryBytes, waitForExit } from './processes.ts';
import { type RunnerHost, ServiceRunner } from './serviceRunner.ts';
import { caddyService } from './services/caddyService.ts';
import { type NodeRuntime, nodeService, runOnce } from './services/nodeService.ts';
import { postgresService } from './services/postgresService.ts';
import { findCaddy } from './caddyBinary.ts';

export class StartupError extends Error {}

export interface SupervisorOptions {
  dataDir: string;
  port?: number;
  /** How to run Node children; in Electron: { path: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } }. */
  nodeRuntime?: NodeRuntime;
  /** Bundled resources of a packaged app. */
  resources?: { caddyBin?: string; pgDir?: string; rendererDir?: string };
  /** Human-readable progress and problems (headless mode prints them). */
  onLog?: (line: string) => void;
  logLevel?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const codeRoot = path.resolve(here, '..', '..');
// Children are started from the same tree the supervisor runs from (.ts in a checkout, .js when built).
const ext = path.extname(fileURLToPath(import.meta.url));
const entry = (rel: string): string => path.join(codeRoot, `${rel}${ext}`);
// The built UIs live in the checkout's renderer/ (dist/ holds only compiled code); installers pass theirs.
const checkoutRenderer =
  [path.join(codeRoot, 'renderer'), path.join(codeRoot, '..', 'renderer')].find((dir) => existsSync(dir)) ??
  path.join(codeRoot, 'renderer');

const PG_USER = 'hangar';
const PG_DATABASE = 'hangar';

export class Supervisor extends EventEmitter {
  readonly dataDir: string;
  readonly port: number;
  readonly url: string;
  readonly paths: DataPaths;
  readonly #options: SupervisorOptions;
  readonly #runners = new Map<ServiceName, ServiceRunner>();
  #db: ApplianceDb | null = null;
  #logs: LogSink | null = null;
  #releaseLock: (() => void) | null = null;
  #control: Server | null = null;
  #ctrl: { url: string; secret: string } | null = null;
  #startedAt = new Date();
  #stopping: Promise<void> | null = null;
  #databaseOnly = false;
  #databaseUrl: string | null = null;
  #memoryTimer: NodeJS.Timeout | null = null;

  constructor(options: SupervisorOptions) {
    super();
    this.#options = options;
    this.dataDir = path.resolve(options.dataDir);
    this.port = options.port ?? 7420;
    this.url = `http://localhost:${this.port}`;
    this.paths = dataPaths(this.dataDir);
  }

  #say(line: string): void {
    this.#logs?.write('supervisor', line);
    this.#options.onLog?.(line);
  }

  #prepareDataDir(): void {
    try {
      for (const dir of [this.dataDir, this.paths.logs, this.paths.run, this.paths.files, this.paths.backups, this.paths.caddy]) {
        mkdirSync(dir, { recursive: true });
      }
      accessSync(this.dataDir, constants.W_OK);
      // As root Postgres runs as the postgres account, which must be able to traverse to <data>/pg.
      if (process.getuid?.() === 0) chmodSync(this.dataDir, 0o711);
    } catch (error) {
      throw new StartupError(
        `Hangar cannot use the data folder ${this.dataDir}: ${(error as Error).message}. Choose a writable folder with --data-dir or HANGAR_DATA_DIR.`,
      );
    }
  }

  /** Kills children recorded by a supervisor that died uncleanly (if they survived it). */
  async #reapOrphans(db: ApplianceDb): Promise<void> {
    for (const child of db.recordedChildren()) {
      if (child.name === 'postgres') continue; // clearLeftovers shuts an orphaned postmaster down cleanly
      const cmd = isAlive(child.pid) ? await commandLine(child.pid) : null;
      if (cmd?.includes(child.marker)) {
        this.#say(`stopping orphaned ${child.name} (pid ${child.pid}) left by an unclean exit`);
        signal(child.pid, 'SIGTERM');
        if (!(await waitForExit(child.pid, 5000))) signal(child.pid, 'SIGKILL');
      }
      db.forgetChild(child.name);
    }
  }

  async start(): Promise<void> {
    const began = Date.now();
    this.#startedAt = new Date();
    await this.#bootLocked();
    this.#say(`Hangar is ready at ${this.url} (${((Date.now() - began) / 1000).toFixed(2)} s)`);
  }

  /** Takes the data-dir lock and boots; on any failure undoes what was started and says why. */
  async #bootLocked(): Promise<void> {
    this.#prepareDataDir();
    try {
      this.#releaseLock = acquireLock(this.paths.lock, this.dataDir);
    } catch (error) {
      throw new StartupError((error as Error).message);
    }
    try {
      await this.#boot();
    } catch (error) {
      await this.#teardown();
      throw error instanceof StartupError ? error : new StartupError((error as Error).message);
    }
  }

  async #boot(): Promise<void> {
    this.#logs = new LogSink(this.paths.logs, this.#options.onLog);
    let opened: ReturnType<typeof openApplianceDb>;
    try {
      opened = openApplianceDb(this.paths.applianceDb);
    } catch (error) {
      throw new StartupError((error as Error).message);
    }
    const db = opened.db;
    this.#db = db;
    if (opened.movedAside) {
      this.#say(
        `The appliance state file was corrupt; it was kept as ${opened.movedAside} and a fresh one was created. Your projects and files are untouched.`,
      );
      db.addEvent('supervisor', 'corrupt-state', `moved aside to ${opened.movedAside}`);
    }
    db.addEvent('supervisor', 'start', `pid ${process.pid}`);

    const taken = this.#databaseOnly ? null : await probePort(this.port);
    if (taken) {
      const why = taken === 'EADDRINUSE' ? 'is already in use by another program' : `cannot be used (${taken})`;
      throw new StartupError(`Port ${this.port} ${why}. Stop that program or start Hangar on another port with --port N (or HANGAR_PORT).`);
    }

    await this.#reapOrphans(db);
    const logs = this.#logs;
    const account = await postgresAccount();
    const pgCache = process.getuid?.() === 0 ? '/var/cache/hangar' : path.join(os.tmpdir(), 'hangar-cache');
    const found = await findPostgresBinaries(this.#options.resources?.pgDir);
    const bins = account ? await binariesReachableBy(found, pgCache, 'embedded') : found;

    let password = db.get<string>('pg.password');
    if (!(await isInitialized(this.paths.pg))) {
      password = randomBytes(24).toString('base64url');
      this.#say('First run: creating the database cluster');
      await initCluster(bins, this.paths.pg, this.paths.run, { user: PG_USER, password, database: PG_DATABASE }, account);
      db.set('pg.password', password);
    } else if (!password) {
      // The state file was lost or corrupt: the cluster is intact, give it a new password.
      password = randomBytes(24).toString('base64url');
      await resetPassword(bins, this.paths.pg, PG_USER, password, account);
      db.set('pg.password', password);
      this.#say('Generated new database credentials for the existing cluster');
    }

    const pgPort = await this.#stablePort(db, 'pg.port');
    const [apiPort, ctrlPort, livePort] = await Promise.all([freePort(), freePort(), freePort()]);
    const ctrlSecret = randomBytes(32).toString('base64url');
    this.#ctrl = { url: `http://127.0.0.1:${ctrlPort}`, secret: ctrlSecret };
    const databaseUrl = `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/${PG_DATABASE}`;
    this.#databaseUrl = databaseUrl;
    const runtime = this.#options.nodeRuntime ?? { path: process.execPath };
    const childEnv = {
      HANGAR_DATA_DIR: this.dataDir,
      HANGAR_DATABASE_URL: databaseUrl,
      HANGAR_PUBLIC_URL: this.url,
      HANGAR_LOG_LEVEL: this.#options.logLevel ?? 'info',
      HANGAR_FILES_DIR: this.paths.files,
      // Admin-tunable API limits pass through from the supervisor's own environment.
      ...passThrough(['HANGAR_API_RATE_LIMIT', 'HANGAR_SERVICE_API_RATE_LIMIT', 'HANGAR_WEBHOOK_ALLOW_PRIVATE']),
    };

    const host: RunnerHost = {
      isReady: (name) => this.#runners.get(name)?.state === 'ready',
      changed: () => this.#changed(),
      logs,
      event: (service, kind, message) => db.addEvent(service, kind, message),
      recordChild: (name, pid) => db.recordChild(name, pid, name === 'caddy' ? this.paths.caddy : name),
      forgetChild: (name) => db.forgetChild(name),
    };
    const add = (runner: ServiceRunner): void => {
      this.#runners.set(runner.name, runner);
    };
    add(new ServiceRunner(postgresService({ bins, pgDir: this.paths.pg, port: pgPort, account, logs }), host));
    add(
      new ServiceRunner(
        nodeService({
          name: 'api',
          entry: entry('server/api/main'),
          runtime,
          env: { ...childEnv, HANGAR_LISTEN_PORT: String(apiPort), HANGAR_CTRL_PORT: String(ctrlPort), HANGAR_CTRL_SECRET: ctrlSecret },
          port: apiPort,
          dependsOn: ['postgres'],
          logs,
          onReady: () => this.#pushServices(),
        }),
        host,
      ),
    );
    add(
      new ServiceRunner(
        nodeService({
          name: 'live',
          entry: entry('server/live/main'),
          runtime,
          env: { ...childEnv, HANGAR_LISTEN_PORT: String(livePort) },
          port: livePort,
          dependsOn: ['postgres'],
          logs,
        }),
        host,
      ),
    );
    const caddyBin = this.#databaseOnly ? 'caddy' : await findCaddy(this.#options.resources?.caddyBin);
    add(
      new ServiceRunner(
        caddyService({
          bin: caddyBin,
          caddyDir: this.paths.caddy,
          port: this.port,
          logs,
          layout: {
            adminSocket: path.join(this.paths.run, 'caddy-admin.sock'),
            storageDir: path.join(this.paths.caddy, 'storage'),
            listen: [`127.0.0.1:${this.port}`],
            apiPort,
            livePort,
            rendererDir: this.#options.resources?.rendererDir ?? checkoutRenderer,
          },
        }),
        host,
      ),
    );

    this.#control = this.#databaseOnly
      ? null
      : await startControlServer(this.paths.controlSocket, {
          status: () => this.status(),
          stop: () => this.stop(),
          restart: (name) => this.restartService(name),
          ctrlEndpoint: () => this.#ctrl,
        });

    const postgres = this.#runner('postgres');
    await postgres.start();
    if (postgres.state !== 'ready') {
      throw new StartupError(`PostgreSQL could not start: ${postgres.reason ?? 'unknown reason'}\n${logs.tail('postgres', 10).join('\n')}`);
    }
    try {
      await runOnce(runtime, 'migrations', entry('server/db/migrateMain'), childEnv, logs);
    } catch (error) {
      throw new StartupError(`Database migrations failed; nothing was changed by the failing step.\n${(error as Error).message}`);
    }
    if (this.#databaseOnly) return;
    // api and live only need Postgres: start them side by side (spawned in that order), then the front door.
    await Promise.all([this.#runner('api').start(), this.#runner('live').start()]);
    await this.#runner('caddy').start();
    this.#startMemoryPush();
  }

  /**
   * Starts only Postgres and the migrations (for CLI commands run while the appliance is off),
   * holding the data-dir lock; returns the connection URL. Call stop() when done.
   */
  async startDatabaseOnly(): Promise<string> {
    this.#databaseOnly = true;
    await this.#bootLocked();
    if (!this.#databaseUrl) throw new StartupError('the database did not start');
    return this.#databaseUrl;
  }

  /** A port kept across boots when it is still free (stable for tools that connect directly). */
  async #stablePort(db: ApplianceDb, key: string): Promise<number> {
    const previous = db.get<number>(key);
    if (previous && (await probePort(previous)) === null) return previous;
    const port = await freePort();
    db.set(key, port);
    return port;
  }

  #runner(name: ServiceName): ServiceRunner {
    const runner = this.#runners.get(name);
    if (!runner) throw new Error(`unknown service ${name}`);
    return runner;
  }

  #changed(): void {
    for (const runner of this.#runners.values()) runner.dependencyReady();
    this.#pushServices();
    this.emit('change');
  }

  /** The api answers /api/health (and god-mode's table) from the states the supervisor pushes to it. */
  #pushServices(services: ApplianceStatus['services'] = this.#statuses()): void {
    const api = this.#runners.get('api')?.child;
    if (api?.connected) api.send({ type: 'services', services }, () => undefined);
  }

  /** Memory figures change without state changes: refresh them for the api now and then. */
  #startMemoryPush(): void {
    const push = (): void => void this.status().then((s) => this.#pushServices(s.services));
    push();
    this.#memoryTimer = setInterval(push, 5000);
    this.#memoryTimer.unref();
  }

  #statuses(): ApplianceStatus['services'] {
    return SERVICE_NAMES.filter((n) => this.#runners.has(n)).map((n) => this.#runner(n).status());
  }

  async status(): Promise<ApplianceStatus> {
    const services = await Promise.all(
      this.#statuses().map(async (s) => ({ ...s, rssBytes: s.pid ? await treeMemoryBytes(s.pid) : null })),
    );
    return {
      dataDir: this.dataDir,
      port: this.port,
      url: this.url,
      supervisorPid: process.pid,
      startedAt: this.#startedAt.toISOString(),
      services,
    };
  }

  async restartService(name: ServiceName): Promise<void> {
    this.#say(`restarting ${name} on request`);
    await this.#runner(name).restart();
  }

  /** Ordered, bounded stop: caddy, live, api, then Postgres (always a clean shutdown). */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#say('stopping');
      for (const name of ['caddy', 'live', 'api', 'postgres'] as const) {
        const runner = this.#runners.get(name);
        if (runner) await runner.stop();
      }
      await this.#teardown();
    })();
    return this.#stopping;
  }

  async #teardown(): Promise<void> {
    if (this.#memoryTimer) clearInterval(this.#memoryTimer);
    for (const runner of [...this.#runners.values()].reverse()) await runner.stop();
    await new Promise<void>((resolve) => (this.#control ? this.#control.close(() => resolve()) : resolve()));
    this.#control = null;
    this.#db?.addEvent('supervisor', 'stop', 'stopped');
    this.#db?.close();
    this.#db = null;
    await this.#logs?.close();
    this.#releaseLock?.();
    this.#releaseLock = null;
  }
}

function passThrough(keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = process.env[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}
