import { useState } from 'preact/hooks';
import { API, DASHBOARD_API, queryString, request } from '../api';
import { ErrorNote } from '../components/error-note';
import { Pager, usePaging } from '../components/pager';
import { StatusBadge } from '../components/status-badge';
import { formatTime, localInputToIso } from '../format';
import { links } from '../route';
import { RUNTIME_STATUSES, type InstanceStatus } from '../types';
import { useLoader } from '../use-loader';

/** Instances per page, unless the address says `top=` (1–1000). */
const PAGE_SIZE = 20;
const REFRESH_MS = 5000;

interface Page {
  readonly instances: readonly InstanceStatus[];
  readonly next: string | undefined;
}

/**
 * The instance list: filters kept in the address (`#/instances?status=…`), pages that follow the
 * API's continuation tokens (with a way back), refreshed every 5 s while auto-refresh is on.
 */
export function InstanceList({ query }: { readonly query: URLSearchParams }) {
  const top = pageSize(query.get('top'));
  const filters = {
    runtimeStatus: query.get('status') ?? '',
    name: query.get('name') ?? '',
    instanceIdPrefix: query.get('prefix') ?? '',
    createdTimeFrom: query.get('from') ?? '',
    createdTimeTo: query.get('to') ?? '',
  };
  const paging = usePaging();
  const [autoRefresh, setAutoRefresh] = useState(true);
  const token = paging.token;
  const filterKey = query.toString(); // the router remounts this page when the filters change, so paging restarts

  const { data, error } = useLoader<Page>(
    async () => {
      // The API has no name filter: with one, the dashboard's own list route (same query plus name=) answers.
      const base = filters.name !== '' ? `${DASHBOARD_API}/instances` : `${API}/instances`;
      const search = queryString({
        top: String(top),
        showInput: 'false',
        runtimeStatus: filters.runtimeStatus,
        instanceIdPrefix: filters.instanceIdPrefix,
        createdTimeFrom: localInputToIso(filters.createdTimeFrom),
        createdTimeTo: localInputToIso(filters.createdTimeTo),
        name: filters.name !== '' ? filters.name : undefined,
      });
      const response = await request<InstanceStatus[]>(`${base}${search}`, token !== undefined ? { continuationToken: token } : {});
      return { instances: response.body, next: response.continuationToken };
    },
    `${filterKey}|${token ?? ''}`,
    autoRefresh ? REFRESH_MS : undefined,
  );

  const applyFilters = (event: Event): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next = new URLSearchParams();
    if (query.has('top')) next.set('top', String(top));
    for (const name of ['status', 'name', 'prefix', 'from', 'to']) {
      const value = String(form.get(name) ?? '').trim();
      if (value !== '') next.set(name, value);
    }
    location.hash = `#/instances${next.toString() === '' ? '' : `?${next.toString()}`}`;
  };

  return (
    <main>
      <h1>Instances</h1>
      <form class="filters" onSubmit={applyFilters} aria-label="Filters">
        <label>
          Status
          <select name="status">
            <option value="">any</option>
            {RUNTIME_STATUSES.map((status) => (
              <option key={status} value={status} selected={status === filters.runtimeStatus}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name
          <input name="name" defaultValue={filters.name} placeholder="orchestrator name" />
        </label>
        <label>
          Id prefix
          <input name="prefix" defaultValue={filters.instanceIdPrefix} placeholder="order-" />
        </label>
        <label>
          Created from
          <input name="from" type="datetime-local" step="1" defaultValue={filters.createdTimeFrom} />
        </label>
        <label>
          Created to
          <input name="to" type="datetime-local" step="1" defaultValue={filters.createdTimeTo} />
        </label>
        <button type="submit">Apply</button>
        <label class="inline">
          <input type="checkbox" name="autoRefresh" checked={autoRefresh} onChange={(e) => setAutoRefresh(e.currentTarget.checked)} /> auto-refresh
        </label>
      </form>
      {error !== undefined && <ErrorNote error={error} />}
      <table class="list" aria-label="Instances">
        <thead>
          <tr>
            <th>Instance id</th>
            <th>Name</th>
            <th>Status</th>
            <th>Created</th>
            <th>Last updated</th>
          </tr>
        </thead>
        <tbody>
          {(data?.instances ?? []).map((instance) => (
            <tr key={instance.instanceId} data-instance-id={instance.instanceId}>
              <td>
                <a href={links.instance(instance.instanceId)}>{instance.instanceId}</a>
              </td>
              <td>{instance.name}</td>
              <td>
                <StatusBadge status={instance.runtimeStatus} />
              </td>
              <td>{formatTime(instance.createdTime)}</td>
              <td>{formatTime(instance.lastUpdatedTime)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data !== undefined && data.instances.length === 0 && <p class="muted">No instance on this page matches.</p>}
      <Pager paging={paging} next={data?.next} />
    </main>
  );
}

function pageSize(text: string | null): number {
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 && value <= 1000 ? value : PAGE_SIZE;
}
