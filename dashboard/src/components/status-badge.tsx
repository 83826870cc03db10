import type { RuntimeStatus } from '../types';

export function StatusBadge({ status }: { readonly status: RuntimeStatus }) {
  return <span class={`badge status-${status.toLowerCase()}`}>{status}</span>;
}
