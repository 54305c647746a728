// The appliance's supervised services (`GET /api/instance/services`), refreshed every 5 seconds.
import { useEffect, useState } from 'react';
import type { ServiceStatus } from '../../../contracts/services.ts';
import { ApiError, api } from '../../shared/api.ts';
import { FormError } from '../../shared/components.tsx';
import { describeError } from '../../shared/messages.ts';
import { formatBytes, formatUptime } from '../../shared/serviceFormat.ts';

export const REFRESH_MS = 5000;

export function ServicesTable({ onUnauthorized }: { onUnauthorized: () => void }) {
  const [services, setServices] = useState<ServiceStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    async function refresh() {
      try {
        const body = await api.services();
        if (cancelled) return;
        setServices(body.services);
        setUpdatedAt(Date.now());
        setError(null);
      } catch (failure) {
        if (cancelled) return;
        if (failure instanceof ApiError && failure.status === 401) onUnauthorized();
        else setError(describeError(failure, 'load'));
      }
    }
    void refresh();
    const timer = window.setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [onUnauthorized]);

  const now = updatedAt ?? Date.now();
  return (
    <section className="card" aria-labelledby="services-heading">
      <div className="card-header">
        <h2 id="services-heading">Services</h2>
        {updatedAt ? <span className="updated-at">Updated {new Date(updatedAt).toLocaleTimeString()}</span> : null}
      </div>
      <FormError message={error} />
      {services === null && !error ? <p className="muted">Loading services…</p> : null}
      {services ? (
        <div className="table-wrap">
          <table className="table" aria-labelledby="services-heading">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">PID</th>
                <th scope="col">Port</th>
                <th scope="col">Uptime</th>
                <th scope="col">Restarts</th>
                <th scope="col">Memory</th>
              </tr>
            </thead>
            <tbody>
              {services.map((service) => (
                <ServiceRows key={service.name} service={service} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ServiceRows({ service, now }: { service: ServiceStatus; now: number }) {
  return (
    <>
      <tr>
        <th scope="row">{service.name}</th>
        <td>
          <span className={`badge badge-${service.state}`}>{service.state}</span>
        </td>
        <td>{service.pid ?? '—'}</td>
        <td>{service.port ?? '—'}</td>
        <td>{formatUptime(service.readySince, now)}</td>
        <td>{service.restarts}</td>
        <td>{formatBytes(service.rssBytes)}</td>
      </tr>
      {service.reason ? (
        <tr className="reason">
          <td colSpan={7}>
            {service.reason}
            {service.lastLogLines.length > 0 ? `\n${service.lastLogLines.join('\n')}` : ''}
          </td>
        </tr>
      ) : null}
    </>
  );
}
