#!/usr/bin/env node
// `hangar` — run and manage a Hangar appliance from a terminal (headless mode).
import { parseArgs } from 'node:util';
import { runApiToken } from './commands/apiToken.ts';
import { runServe } from './commands/serve.ts';
import { runSetup } from './commands/setup.ts';
import { runStatus } from './commands/status.ts';
import { runStop } from './commands/stop.ts';

const USAGE = `Usage: hangar <command> [options]

Commands:
  serve   [--data-dir DIR] [--port N]       run the appliance in the foreground
  status  [--data-dir DIR] [--json]          show each service's state
  stop    [--data-dir DIR]                   stop a running appliance and wait for it
  setup   --admin-email E --admin-password P [--workspace SLUG] [--data-dir DIR]
                                             first run without a browser: create the instance admin
  api-token create --email E [--workspace SLUG] [--label L] [--data-dir DIR]
                                             issue an API token for /api/v1 and print it (only the token)

Data folder: --data-dir, else HANGAR_DATA_DIR, else the per-user app-data folder.
Port: --port, else HANGAR_PORT, else 7420.`;

export interface CliOptions {
  'data-dir'?: string;
  port?: string;
  json?: boolean;
  'admin-email'?: string;
  'admin-password'?: string;
  workspace?: string;
  email?: string;
  label?: string;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  let values: CliOptions;
  let positionals: string[] = [];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        json: { type: 'boolean' },
        'admin-email': { type: 'string' },
        'admin-password': { type: 'string' },
        workspace: { type: 'string' },
        email: { type: 'string' },
        label: { type: 'string' },
      },
      allowPositionals: command === 'api-token',
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`hangar: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  switch (command) {
    case 'serve':
      return runServe(values);
    case 'status':
      return runStatus(values);
    case 'stop':
      return runStop(values);
    case 'setup':
      return runSetup(values);
    case 'api-token':
      return runApiToken(positionals[0], values);
    default:
      process.stderr.write(`hangar: unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
