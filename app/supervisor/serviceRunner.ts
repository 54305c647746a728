// Supervises one child: start with a ready handshake and timeout, restart with backoff, FAILED
// after repeated fast failures, heartbeats for hangs, bounded stop. Knows nothing of what it runs.
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { ServiceName, ServiceState, ServiceStatus } from '../../contracts/services.ts';
import type { LogSink } from './logSink.ts';

export interface Launch {
  child: ChildProcess;
  /** Resolves once the child says it is ready; the runner races it against the start timeout. */
  ready: Promise<void>;
}

export interface ServiceSpec {
  name: ServiceName;
  /** Services that must be ready before this one starts (and whose absence excuses its death). */
  dependsOn: ServiceName[];
  port: number | null;
  startTimeoutMs: number;
  stopTimeoutMs: number;
  launch(): Promise<Launch>;
  /** Graceful stop request; the runner escalates to SIGKILL after stopTimeoutMs. */
  requestStop(child: ChildProcess): void;
  /** Node children answer IPC pings; a silent one is hung and gets killed. */
  heartbeat: boolean;
}

export interface RunnerHost {
  isReady(name: ServiceName): boolean;
  changed(): void;
  logs: LogSink;
  event(service: string, kind: string, message: string): void;
  recordChild(name: string, pid: number): void;
  forgetChild(name: string): void;
}

/** Delay before the next start, by how many failures happened recently. */
export const BACKOFF_SECONDS = [1, 2, 4, 8, 16] as const;
/** After this many consecutive fast failures the service is FAILED. */
export const MAX_FAST_FAILURES = 5;
/** A run shorter than this (or one that never got ready) is a fast failure. */
const FAST_FAILURE_MS = 30_000;
/** Failures older than this no longer lengthen the backoff. */
const FAILURE_WINDOW_MS = 5 * 60_000;
const HEARTBEAT_EVERY_MS = 5_000;
const HEARTBEAT_DEADLINE_MS = 15_000;

export class ServiceRunner extends EventEmitter {
  readonly spec: ServiceSpec;
  readonly #host: RunnerHost;
  state: ServiceState = 'stopped';
  restarts = 0;
  reason: string | null = null;
  readySince: Date | null = null;
  child: ChildProcess | null = null;
  #fastFailures = 0;
  #recentFailures: number[] = [];
  #startedAt = 0;
  #timer: NodeJS.Timeout | null = null;
  #heartbeatTimer: NodeJS.Timeout | null = null;
  #lastHeartbeat = 0;
  #stopping = false;
  #everStarted = false;

  constructor(spec: ServiceSpec, host: RunnerHost) {
    super();
    this.spec = spec;
    this.#host = host;
  }

  get name(): ServiceName {
    return this.spec.name;
  }

  status(): ServiceStatus {
    return {
      name: this.name,
      state: this.state,
      pid: this.child?.pid ?? null,
      port: this.spec.port,
      readySince: this.readySince?.toISOString() ?? null,
      restarts: this.restarts,
      rssBytes: null,
      reason: this.reason,
      lastLogLines: this.state === 'failed' || this.state === 'backoff' ? this.#host.logs.tail(this.name, 10) : [],
    };
  }

  #setState(state: ServiceState, reason: string | null = this.reason): void {
    this.state = state;
    this.reason = reason;
    this.#host.changed();
    this.emit('state', state);
  }

  /** Resolves when ready, failed, or waiting on a dependency — never rejects. */
  start(): Promise<void> {
    this.#stopping = false;
    void this.#attempt();
    return this.settled();
  }

  /** Resolves once the service is ready or has given up (failed) or waits for a dependency. */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        if (this.state === 'ready' || this.state === 'failed' || this.state === 'waiting' || this.state === 'stopped') {
          this.off('state', check);
          resolve();
          return true;
        }
        return false;
      };
      if (!check()) this.on('state', check);
    });
  }

  #missingDependency(): ServiceName | undefined {
    return this.spec.dependsOn.find((dep) => !this.#host.isReady(dep));
  }

  async #attempt(): Promise<void> {
    if (this.#stopping) return;
    const missing = this.#missingDependency();
    if (missing) {
      this.#setState('waiting', `waiting for ${missing}`);
      return;
    }
    if (this.#everStarted) this.restarts += 1;
    this.#everStarted = true;
    this.#setState('starting', null);
    this.#startedAt = Date.now();
    let launch: Launch;
    try {
      launch = await this.spec.launch();
    } catch (error) {
      this.#failed(`could not start: ${(error as Error).message}`, false);
      return;
    }
    const child = launch.child;
    this.child = child;
    if (child.pid) this.#host.recordChild(this.name, child.pid);
    let exited = false;
    child.once('exit', (code, signal) => {
      exited = true;
      this.#onExit(child, code, signal);
    });
    child.once('error', (error) => this.#host.logs.write(this.name, `process error: ${error.message}`));
    // Its own timer: the exit handler may already have armed the backoff timer by the time this settles.
    let startTimer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      startTimer = setTimeout(() => resolve('timeout'), this.spec.startTimeoutMs);
    });
    const outcome = await Promise.race([launch.ready.then(() => 'ready' as const), timeout]).catch(() => 'failed' as const);
    clearTimeout(startTimer);
    if (exited || this.child !== child || this.#stopping) return;
    if (outcome !== 'ready') {
      this.reason = outcome === 'timeout' ? `did not become ready within ${this.spec.startTimeoutMs / 1000} s` : 'failed while starting';
      this.#host.logs.write('supervisor', `${this.name} ${this.reason}; killing it`, true);
      child.kill('SIGKILL');
      return;
    }
    this.readySince = new Date();
    this.#lastHeartbeat = Date.now();
    this.#setState('ready', null);
    this.#host.event(this.name, 'ready', `pid ${child.pid}`);
    if (this.spec.heartbeat) this.#watchHeartbeat(child);
  }

  #watchHeartbeat(child: ChildProcess): void {
    child.on('message', (message: { type?: string }) => {
      if (message.type === 'heartbeat') this.#lastHeartbeat = Date.now();
    });
    this.#heartbeatTimer = setInterval(() => {
      if (this.child !== child || !child.connected) return;
      if (Date.now() - this.#lastHeartbeat > HEARTBEAT_DEADLINE_MS) {
        this.#host.logs.write('supervisor', `${this.name} stopped answering heartbeats; killing it`, true);
        this.reason = 'hung (no heartbeat)';
        child.kill('SIGKILL');
        return;
      }
      child.send({ type: 'ping' }, () => undefined);
    }, HEARTBEAT_EVERY_MS);
    this.#heartbeatTimer.unref();
  }

  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#heartbeatTimer) clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
    if (this.child === child) this.child = null;
    this.#host.forgetChild(this.name);
    const wasReady = this.state === 'ready';
    this.readySince = null;
    if (this.#stopping) {
      this.#setState('stopped', null);
      return;
    }
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    const why = this.reason && this.state === 'starting' ? this.reason : `${how}${wasReady ? '' : ' before it was ready'}`;
    this.#host.event(this.name, 'exit', why);
    const missing = this.#missingDependency();
    if (missing) {
      // Its dependency went away first: that is not this service's fault, so no budget is spent.
      this.#host.logs.write('supervisor', `${this.name} ${how} while ${missing} is down; waiting for ${missing}`, true);
      this.#setState('waiting', `waiting for ${missing}`);
      return;
    }
    this.#failed(why, wasReady && Date.now() - this.#startedAt >= FAST_FAILURE_MS);
  }

  #failed(why: string, ranLong: boolean): void {
    const now = Date.now();
    this.#fastFailures = ranLong ? 0 : this.#fastFailures + 1;
    this.#recentFailures = [...this.#recentFailures.filter((t) => now - t < FAILURE_WINDOW_MS), now];
    if (this.#fastFailures >= MAX_FAST_FAILURES) {
      this.#host.logs.write('supervisor', `${this.name} FAILED after ${this.#fastFailures} fast failures: ${why}`, true);
      this.#host.event(this.name, 'failed', why);
      this.#setState('failed', why);
      return;
    }
    const index = Math.min(this.#recentFailures.length, BACKOFF_SECONDS.length) - 1;
    const delay = BACKOFF_SECONDS[Math.max(0, index)] ?? 16;
    this.#host.logs.write('supervisor', `${this.name} ${why}; restarting in ${delay} s`, true);
    this.#setState('backoff', why);
    this.#timer = setTimeout(() => void this.#attempt(), delay * 1000);
  }

  /** A dependency became ready: a service that was waiting on it starts now. */
  dependencyReady(): void {
    if (this.state === 'waiting' && !this.#stopping) void this.#attempt();
  }

  /** Explicit restart (admin): clears FAILED and the failure budget. */
  async restart(): Promise<void> {
    await this.stop();
    this.#fastFailures = 0;
    this.#recentFailures = [];
    await this.start();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.child = null;
      this.#setState('stopped', null);
      return;
    }
    this.#setState('stopping', null);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.spec.requestStop(child);
    const killer = setTimeout(() => {
      this.#host.logs.write('supervisor', `${this.name} did not stop within ${this.spec.stopTimeoutMs / 1000} s; killing it`, true);
      child.kill('SIGKILL');
    }, this.spec.stopTimeoutMs);
    await exited;
    clearTimeout(killer);
    this.#host.event(this.name, 'stopped', `pid ${child.pid}`);
  }
}
