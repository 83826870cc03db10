import { API, DASHBOARD_API, request } from '../api';
import { ActionBar } from '../components/action-bar';
import { ErrorNote } from '../components/error-note';
import { HistoryTable } from '../components/history-table';
import { JsonBlock } from '../components/json-block';
import { StatusBadge } from '../components/status-badge';
import { TimelineChart } from '../components/timeline-chart';
import { formatTime } from '../format';
import { links } from '../route';
import type { InstanceStatus, Timeline } from '../types';
import { useLoader } from '../use-loader';
import { instanceActions } from './instance-actions';

const REFRESH_MS = 3000;

interface InstanceView {
  readonly status: InstanceStatus;
  readonly timeline: Timeline;
  readonly loadedAt: number;
}

/** One instance: its status, payloads, failure, the timeline and history, parent and children, and the actions. */
export function InstancePage({ instanceId }: { readonly instanceId: string }) {
  const id = encodeURIComponent(instanceId);
  const { data, error, reload } = useLoader<InstanceView>(
    async () => {
      const [status, timeline] = await Promise.all([
        request<InstanceStatus>(`${API}/instances/${id}?showHistory=true&showHistoryOutput=true`),
        request<Timeline>(`${DASHBOARD_API}/instances/${id}/timeline`),
      ]);
      return { status: status.body, timeline: timeline.body, loadedAt: Date.now() };
    },
    instanceId,
    REFRESH_MS,
  );
  if (data === undefined) {
    return <main>{error !== undefined ? <ErrorNote error={error} /> : <p class="muted">Loading {instanceId}…</p>}</main>;
  }
  const { status, timeline } = data;
  return (
    <main>
      <p>
        <a href="#/instances">← Instances</a>
      </p>
      <h1>
        <span class="instance-name">{status.name}</span> <code class="instance-id">{status.instanceId}</code> <StatusBadge status={status.runtimeStatus} />
      </h1>
      <p class="muted">
        created {formatTime(status.createdTime)} · last updated {formatTime(status.lastUpdatedTime)}
      </p>
      {error !== undefined && <ErrorNote error={error} />}
      <ActionBar actions={instanceActions(status)} onDone={reload} />
      <section class="relations">
        {timeline.parent !== undefined && (
          <p>
            Parent: <a href={links.instance(timeline.parent.instanceId)}>{timeline.parent.name} {timeline.parent.instanceId}</a>
          </p>
        )}
        {timeline.children.length > 0 && (
          <p>
            Children:{' '}
            {timeline.children.map((child) => (
              <a key={child.instanceId} class="child" href={links.instance(child.instanceId)}>
                {child.name} {child.instanceId}
              </a>
            ))}
          </p>
        )}
      </section>
      <section class="payloads">
        <JsonBlock label="Input" value={status.input} />
        <JsonBlock label="Output" value={status.output} />
        <JsonBlock label="Custom status" value={status.customStatus} />
        {status.failureDetails !== undefined && <JsonBlock label="Failure details" value={status.failureDetails} />}
      </section>
      <h2>Timeline</h2>
      <TimelineChart timeline={timeline} now={data.loadedAt} />
      <h2>History</h2>
      <HistoryTable events={status.historyEvents ?? []} />
    </main>
  );
}
