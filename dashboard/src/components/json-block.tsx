import { pretty } from '../format';

/** A labelled JSON value, or a dash when there is none. */
export function JsonBlock({ label, value }: { readonly label: string; readonly value: unknown }) {
  const empty = value === null || value === undefined;
  return (
    <div class="json-block" data-label={label}>
      <h3>{label}</h3>
      {empty ? <p class="muted">—</p> : <pre>{pretty(value)}</pre>}
    </div>
  );
}
