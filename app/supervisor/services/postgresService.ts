// The postgres service: the embedded cluster's postmaster, ready when it accepts connections.
import type { PostgresBinaries } from '../postgresBinaries.ts';
import { clearLeftovers, postgresArgs, type RunAccount } from '../postgresCluster.ts';
import type { LogSink } from '../logSink.ts';
import type { ServiceSpec } from '../serviceRunner.ts';
import { spawnTied } from '../spawnTied.ts';

export function postgresService(opts: {
  bins: PostgresBinaries;
  pgDir: string;
  port: number;
  account: RunAccount | null;
  logs: LogSink;
}): ServiceSpec {
  return {
    name: 'postgres',
    dependsOn: [],
    port: opts.port,
    startTimeoutMs: 60_000,
    // Fast shutdown can take a while with a big checkpoint; never SIGKILL early.
    stopTimeoutMs: 60_000,
    heartbeat: false,
    async launch() {
      await clearLeftovers(opts.pgDir, (m) => opts.logs.write('supervisor', m, true));
      const child = spawnTied(opts.bins.postgres, postgresArgs(opts.pgDir, opts.port), {
        deathSignal: 'SIGINT',
        account: opts.account,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
      });
      const ready = new Promise<void>((resolve, reject) => {
        opts.logs.pipe('postgres', child.stdout);
        opts.logs.pipe('postgres', child.stderr, (line) => {
          if (line.includes('database system is ready to accept connections')) resolve();
        });
        child.once('exit', () => reject(new Error('postgres exited')));
      });
      return { child, ready };
    },
    // SIGINT = "fast shutdown": disconnect clients, checkpoint, exit cleanly.
    requestStop(child) {
      child.kill('SIGINT');
    },
  };
}
