// Faults found at start: leftovers of an unclean exit, a bad data folder, a corrupt state file.
// Each gives a clear message or is dealt with, and loses nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { binariesReachableBy, findPostgresBinaries } from '../../app/supervisor/postgresBinaries.ts';
import { postgresAccount, postgresArgs } from '../../app/supervisor/postgresCluster.ts';
import { openApplianceDb } from '../../app/state/applianceDb.ts';
import { runCli, startAppliance, tempDataDir } from '../helpers/appliance.ts';
import { alive, get, healthy, waitUntil } from './probe.ts';

async function signIn(url: string, email: string, password: string): Promise<number> {
  const csrf = await fetch(`${url}/auth/csrf`);
  const cookie = csrf.headers.get('set-cookie')?.split(';')[0] ?? '';
  const { csrf_token } = (await csrf.json()) as { csrf_token: string };
  const res = await fetch(`${url}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf_token },
    body: JSON.stringify({ email, password }),
  });
  return res.status;
}

describe('start-up with leftovers and bad state', () => {
  let dataDir: string;
  const admin = { email: 'root@example.com', password: 'keep-this-safe' };

  before(async () => {
    dataDir = await tempDataDir();
    const setup = await runCli([
      'setup',
      '--data-dir',
      dataDir,
      '--admin-email',
      admin.email,
      '--admin-password',
      admin.password,
      '--workspace',
      'keep',
    ]);
    assert.equal(setup.code, 0, setup.stderr);
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('hangar setup works with the appliance off (it starts and stops its own Postgres)', async () => {
    const log = await readFile(path.join(dataDir, 'logs', 'hangar.log'), 'utf8');
    assert.match(log, /\[postgres\].*database system is shut down/);
    assert.equal((await readdir(path.join(dataDir, 'pg'))).includes('postmaster.pid'), false);
  });

  test('hangar api-token create works with the appliance off and prints only the token, which the appliance then accepts', async () => {
    const made = await runCli([
      'api-token',
      'create',
      '--data-dir',
      dataDir,
      '--email',
      admin.email,
      '--workspace',
      'keep',
      '--label',
      'ops',
    ]);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /^hangar_api_[A-Za-z0-9_-]{40,}\n$/);
    const unknown = await runCli(['api-token', 'create', '--data-dir', dataDir, '--email', 'nobody@example.com']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No active user with the email nobody@example.com/);
    assert.equal((await runCli(['api-token', 'create', '--data-dir', dataDir])).code, 2);
    const app = await startAppliance({ dataDir });
    try {
      const me = await fetch(`${app.url}/api/v1/users/me/`, { headers: { 'x-api-key': made.stdout.trim() } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { email: string }).email, admin.email);
      assert.equal((await fetch(`${app.url}/api/v1/users/me/`)).status, 401);
    } finally {
      await app.stop();
    }
  });

  test('a stale postmaster.pid (dead pid, or a pid reused by another program) is removed', async () => {
    for (const pid of [2 ** 22 - 3, process.pid]) {
      await writeFile(path.join(dataDir, 'pg', 'postmaster.pid'), `${pid}\n${path.join(dataDir, 'pg')}\n1700000000\n5432\n\n127.0.0.1\n`);
      const app = await startAppliance({ dataDir });
      try {
        assert.ok(await healthy(app.url));
        assert.equal(await signIn(app.url, admin.email, admin.password), 200);
      } finally {
        await app.stop();
      }
      assert.match(
        await readFile(path.join(dataDir, 'logs', 'hangar.log'), 'utf8'),
        new RegExp(`removing stale postmaster.pid \\(pid ${pid}`),
      );
    }
  });

  test('an orphaned postmaster from an unclean exit is shut down cleanly before start', async () => {
    const account = await postgresAccount();
    const bins = account
      ? await binariesReachableBy(await findPostgresBinaries(), '/var/cache/hangar', 'embedded')
      : await findPostgresBinaries();
    const { db } = openApplianceDb(path.join(dataDir, 'appliance.db'));
    const port = db.get<number>('pg.port') ?? 0;
    db.close();
    // A postmaster nobody supervises, as a supervisor killed without a parent-death signal would leave.
    const orphan = spawn(bins.postgres, postgresArgs(path.join(dataDir, 'pg'), port), {
      ...(account ?? {}),
      detached: true,
      stdio: 'ignore',
    });
    orphan.unref();
    const orphanPid = orphan.pid ?? 0;
    await waitUntil(
      async () => (await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '')).startsWith(String(orphanPid)),
      'orphan to run',
    );
    const app = await startAppliance({ dataDir });
    try {
      assert.equal(alive(orphanPid), false, 'the orphan is gone');
      assert.ok(await healthy(app.url));
      const pidFile = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
      assert.notEqual(Number(pidFile.split('\n')[0]), orphanPid, 'one postmaster: the supervised one');
      assert.match(app.output(), /orphaned postmaster \(pid \d+\)/);
    } finally {
      await app.stop();
    }
  });

  test('a corrupt appliance.db is kept aside, and projects and accounts are untouched', async () => {
    const file = path.join(dataDir, 'appliance.db');
    await rm(`${file}-wal`, { force: true });
    await rm(`${file}-shm`, { force: true });
    const garbage = Buffer.from('this is not a SQLite database, it was damaged by a disk error '.repeat(200));
    await writeFile(file, garbage);
    const app = await startAppliance({ dataDir });
    try {
      assert.match(app.output(), /appliance state file was corrupt; it was kept as .*appliance\.db\.corrupt-/);
      const aside = (await readdir(dataDir)).find((f) => f.startsWith('appliance.db.corrupt-'));
      assert.ok(aside);
      assert.deepEqual(await readFile(path.join(dataDir, aside)), garbage, 'the damaged file is kept as it was');
      const instance = JSON.parse((await get(`${app.url}/api/instance`)).body) as { is_setup_done: boolean };
      assert.equal(instance.is_setup_done, true);
      assert.equal(await signIn(app.url, admin.email, admin.password), 200);
    } finally {
      await app.stop();
    }
  });

  test('a data folder that cannot be written gives a clear message', async () => {
    const blocker = path.join(os.tmpdir(), `hangar-not-a-dir-${process.pid}`);
    await writeFile(blocker, 'a file where a folder should be');
    try {
      const res = await runCli(['serve', '--data-dir', path.join(blocker, 'data'), '--port', '7499']);
      assert.equal(res.code, 1);
      assert.match(res.stderr, /Hangar cannot use the data folder .*hangar-not-a-dir-\d+\/data/);
      assert.match(res.stderr, /Choose a writable folder/);
    } finally {
      await rm(blocker, { force: true });
    }
  });
});
