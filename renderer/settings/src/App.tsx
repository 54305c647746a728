import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApplianceStatus, ServiceName, ServiceStatus } from '../../../contracts/services.ts';
import type { SettingsBridge } from '../../../contracts/settingsBridge.ts';
import { formatBytes, formatUptime } from '../../shared/serviceFormat.ts';
import { errorMessage } from './format.ts';

const REFRESH_MS = 2000;

function ServiceRow(props: { service: ServiceStatus; now: number; restarting: boolean; onRestart(name: ServiceName): void }) {
  const { service, now, restarting } = props;
  const troubled = service.state === 'failed' || service.state === 'backoff';
  return (
    <tr aria-label={service.name} data-service={service.name}>
      <th scope="row">{service.name}</th>
      <td data-field="state">
        <span className={`state state-${service.state}`}>{service.state}</span>
      </td>
      <td data-field="pid">{service.pid ?? '—'}</td>
      <td data-field="port">{service.port ?? '—'}</td>
      <td data-field="uptime">{formatUptime(service.readySince, now)}</td>
      <td data-field="restarts">{service.restarts}</td>
      <td data-field="memory">{formatBytes(service.rssBytes)}</td>
      <td data-field="reason">
        {troubled && service.reason ? (
          <details>
            <summary>{service.reason}</summary>
            {service.lastLogLines.length > 0 && <pre>{service.lastLogLines.join('\n')}</pre>}
          </details>
        ) : (
          '—'
        )}
      </td>
      <td>
        <button type="button" aria-label={`Restart ${service.name}`} disabled={restarting} onClick={() => props.onRestart(service.name)}>
          {restarting ? 'Restarting…' : 'Restart'}
        </button>
      </td>
    </tr>
  );
}

export function App(props: { bridge: SettingsBridge }) {
  const { bridge } = props;
  const [status, setStatus] = useState<ApplianceStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [restarting, setRestarting] = useState<ReadonlySet<ServiceName>>(new Set());
  const [now, setNow] = useState(() => Date.now());
  const inFlight = useRef(false);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      setStatus(await bridge.getStatus());
      setLoadError(null);
    } catch (error) {
      setLoadError(errorMessage(error));
    } finally {
      inFlight.current = false;
      setNow(Date.now());
    }
  }, [bridge]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const restart = async (name: ServiceName) => {
    setRestarting((current) => new Set(current).add(name));
    setActionError(null);
    try {
      setStatus(await bridge.restartService(name));
      setNow(Date.now());
    } catch (error) {
      setActionError(`Could not restart ${name}: ${errorMessage(error)}`);
    } finally {
      setRestarting((current) => {
        const next = new Set(current);
        next.delete(name);
        return next;
      });
    }
  };

  const run = (label: string, action: () => Promise<void>) => () => {
    setActionError(null);
    action().catch((error: unknown) => setActionError(`${label}: ${errorMessage(error)}`));
  };

  return (
    <main>
      <header>
        <h1>Hangar admin settings</h1>
        <nav aria-label="Shortcuts">
          <button type="button" onClick={run('Could not open Hangar', () => bridge.openWebApp())}>
            Open Hangar
          </button>
          <button type="button" onClick={run('Could not open the logs folder', () => bridge.openLogs())}>
            Open logs
          </button>
          <button type="button" onClick={run('Could not open the data folder', () => bridge.openDataDir())}>
            Open data folder
          </button>
        </nav>
      </header>

      {loadError && (
        <p role="alert" className="error">
          Cannot reach the appliance: {loadError}
        </p>
      )}
      {actionError && (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}

      <section aria-labelledby="appliance-heading">
        <h2 id="appliance-heading">Appliance</h2>
        {status ? (
          <dl>
            <dt>Address</dt>
            <dd data-field="url">{status.url}</dd>
            <dt>Port</dt>
            <dd data-field="port">{status.port}</dd>
            <dt>Data folder</dt>
            <dd data-field="data-dir">{status.dataDir}</dd>
            <dt>Supervisor</dt>
            <dd>
              pid {status.supervisorPid}, up {formatUptime(status.startedAt, now)}
            </dd>
          </dl>
        ) : (
          !loadError && <p>Loading…</p>
        )}
      </section>

      <section aria-labelledby="services-heading">
        <h2 id="services-heading">Services</h2>
        <table aria-labelledby="services-heading">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">State</th>
              <th scope="col">PID</th>
              <th scope="col">Port</th>
              <th scope="col">Uptime</th>
              <th scope="col">Restarts</th>
              <th scope="col">Memory</th>
              <th scope="col">Reason</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {status?.services.map((service) => (
              <ServiceRow
                key={service.name}
                service={service}
                now={now}
                restarting={restarting.has(service.name)}
                onRestart={(name) => void restart(name)}
              />
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
