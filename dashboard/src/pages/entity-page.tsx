import { API, DASHBOARD_API, queryString, request } from '../api';
import { ActionBar } from '../components/action-bar';
import { ErrorNote } from '../components/error-note';
import { JsonBlock } from '../components/json-block';
import { formatTime } from '../format';
import type { EntityStatus } from '../types';
import { useLoader } from '../use-loader';

const REFRESH_MS = 3000;

/** One entity: its state and last operation time, and a form to signal it an operation. */
export function EntityPage({ name, entityKey }: { readonly name: string; readonly entityKey: string }) {
  const path = `${encodeURIComponent(name)}/${encodeURIComponent(entityKey)}`;
  const { data, error, reload } = useLoader<EntityStatus>(async () => (await request<EntityStatus>(`${DASHBOARD_API}/entities/${path}`)).body, path, REFRESH_MS);
  const signal = {
    title: 'Signal',
    description: `Sends an operation to @${name}@${entityKey}; it runs when the entity gets to it.`,
    confirmLabel: 'Signal',
    enabled: true,
    fields: [
      { name: 'operation', label: 'Operation', placeholder: 'add' },
      { name: 'input', label: 'Input (JSON)', placeholder: '1', multiline: true },
    ],
    run: async (values: Readonly<Record<string, string>>) => {
      const text = values.input?.trim() ?? '';
      const input: unknown = text === '' ? undefined : (JSON.parse(text) as unknown);
      const response = await request(`${API}/entities/${path}${queryString({ op: values.operation?.trim() })}`, { method: 'POST', ...(input !== undefined ? { body: input } : {}) });
      return `operation '${values.operation ?? ''}' accepted (${response.status})`;
    },
  };
  return (
    <main>
      <p>
        <a href="#/entities">← Entities</a>
      </p>
      <h1>
        <span class="entity-name">{name}</span> <code class="entity-key">{entityKey}</code>
      </h1>
      {error !== undefined && <ErrorNote error={error} />}
      {data !== undefined && <p class="muted last-operation">last operation {formatTime(data.lastOperationTime)}</p>}
      <ActionBar actions={[signal]} onDone={reload} />
      {data !== undefined && <JsonBlock label="State" value={data.state} />}
    </main>
  );
}
