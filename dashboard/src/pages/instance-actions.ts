import { API, queryString, request } from '../api';
import type { PendingAction } from '../components/confirm-dialog';
import type { InstanceStatus } from '../types';

const LIVE = new Set(['Pending', 'Running', 'Suspended', 'ContinuedAsNew']);
const FINISHED = new Set(['Completed', 'Failed', 'Terminated']);

/** The management actions of one instance, through the durabletask API; each enabled when its status allows it. */
export function instanceActions(status: InstanceStatus): (PendingAction & { readonly enabled: boolean })[] {
  const base = `${API}/instances/${encodeURIComponent(status.instanceId)}`;
  const id = status.instanceId;
  const live = LIVE.has(status.runtimeStatus);
  const withReason = (verb: string) => async (values: Readonly<Record<string, string>>) => {
    const response = await request(`${base}/${verb}${queryString({ reason: values.reason })}`, { method: 'POST' });
    return `accepted (${response.status})`;
  };
  const reasonField = [{ name: 'reason', label: 'Reason (optional)' }];
  return [
    {
      title: 'Raise event',
      description: `Sends an event to ${id}; an orchestration waiting for that name receives the data.`,
      confirmLabel: 'Raise event',
      enabled: live,
      fields: [
        { name: 'eventName', label: 'Event name', placeholder: 'Approval' },
        { name: 'data', label: 'Data (JSON)', placeholder: 'true', multiline: true },
      ],
      run: async (values) => {
        const name = values.eventName?.trim() ?? '';
        if (name === '') throw new Error('Give the event a name.');
        const text = values.data?.trim() ?? '';
        const data: unknown = text === '' ? null : (JSON.parse(text) as unknown);
        const response = await request(`${base}/raiseEvent/${encodeURIComponent(name)}`, { method: 'POST', body: data });
        return `event '${name}' accepted (${response.status})`;
      },
    },
    { title: 'Terminate', description: `Stops ${id} for good: it ends Terminated.`, confirmLabel: 'Terminate', enabled: live, fields: reasonField, run: withReason('terminate') },
    { title: 'Suspend', description: `Pauses ${id}; events wait until it resumes.`, confirmLabel: 'Suspend', enabled: status.runtimeStatus === 'Running' || status.runtimeStatus === 'Pending', fields: reasonField, run: withReason('suspend') },
    { title: 'Resume', description: `Resumes the suspended ${id}.`, confirmLabel: 'Resume', enabled: status.runtimeStatus === 'Suspended', fields: reasonField, run: withReason('resume') },
    { title: 'Rewind', description: `Runs the failed ${id} again from its failed calls.`, confirmLabel: 'Rewind', enabled: status.runtimeStatus === 'Failed', fields: reasonField, run: withReason('rewind') },
    {
      title: 'Restart',
      description: `Starts ${status.name} again with the same input, as a new instance.`,
      confirmLabel: 'Restart',
      enabled: true,
      run: async () => {
        const response = await request<{ id?: string }>(`${base}/restart`, { method: 'POST' });
        const newId = response.body.id;
        return newId !== undefined ? `started ${newId} (${response.status})` : `accepted (${response.status})`;
      },
    },
    {
      title: 'Purge',
      description: `Deletes ${id} and its history for good.`,
      confirmLabel: 'Purge',
      enabled: FINISHED.has(status.runtimeStatus),
      run: async () => {
        const response = await request<{ instancesDeleted?: number }>(base, { method: 'DELETE' });
        return `${response.body.instancesDeleted ?? 0} instance deleted`;
      },
    },
  ];
}
