import { API, queryString, request } from '../api';
import { ErrorNote } from '../components/error-note';
import { Pager, usePaging } from '../components/pager';
import { formatTime, preview } from '../format';
import { links } from '../route';
import type { EntityStatus } from '../types';
import { useLoader } from '../use-loader';

const PAGE_SIZE = 20;
const REFRESH_MS = 5000;

interface Page {
  readonly entities: readonly EntityStatus[];
  readonly next: string | undefined;
}

/** The entity list (all, or of one name) with a preview of each state, paged by continuation tokens. */
export function EntityList({ query }: { readonly query: URLSearchParams }) {
  const name = query.get('name') ?? '';
  const paging = usePaging();
  const token = paging.token;
  const { data, error } = useLoader<Page>(
    async () => {
      const path = `${API}/entities${name !== '' ? `/${encodeURIComponent(name)}` : ''}${queryString({ fetchState: 'true', top: String(PAGE_SIZE) })}`;
      const response = await request<EntityStatus[]>(path, token !== undefined ? { continuationToken: token } : {});
      return { entities: response.body, next: response.continuationToken };
    },
    `${name}|${token ?? ''}`,
    REFRESH_MS,
  );
  const applyFilter = (event: Event): void => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget as HTMLFormElement).get('name') ?? '').trim();
    location.hash = value === '' ? '#/entities' : `#/entities?${new URLSearchParams({ name: value }).toString()}`;
  };
  return (
    <main>
      <h1>Entities</h1>
      <form class="filters" onSubmit={applyFilter} aria-label="Filters">
        <label>
          Entity name
          <input name="name" defaultValue={name} placeholder="Counter" />
        </label>
        <button type="submit">Apply</button>
      </form>
      {error !== undefined && <ErrorNote error={error} />}
      <table class="list" aria-label="Entities">
        <thead>
          <tr>
            <th>Name</th>
            <th>Key</th>
            <th>Last operation</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {(data?.entities ?? []).map(({ entityId, lastOperationTime, state }) => (
            <tr key={`${entityId.name}@${entityId.key}`}>
              <td>{entityId.name}</td>
              <td>
                <a href={links.entity(entityId.name, entityId.key)}>{entityId.key}</a>
              </td>
              <td>{formatTime(lastOperationTime)}</td>
              <td>
                <code>{preview(state)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data !== undefined && data.entities.length === 0 && <p class="muted">No entity on this page.</p>}
      <Pager paging={paging} next={data?.next} />
    </main>
  );
}
