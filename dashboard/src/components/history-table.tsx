import { formatTime, preview } from '../format';

const SHOWN = new Set(['EventType', 'Timestamp']);
/** Rows shown at most (the last ones); the API's status answer has the whole history. */
const MAX_HISTORY_ROWS = 1000;

/** The history as the API returns it: one row per event, its other fields previewed as JSON. */
export function HistoryTable({ events: all }: { readonly events: readonly Readonly<Record<string, unknown>>[] }) {
  const events = all.slice(-MAX_HISTORY_ROWS);
  return (
    <>
      {all.length > events.length && <p class="muted">The first {all.length - events.length} events are not shown: the table shows the last {MAX_HISTORY_ROWS}.</p>}
      <table class="list history" aria-label="History">
        <thead>
          <tr>
            <th>Time</th>
            <th>Event</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event, index) => {
            const details = Object.fromEntries(Object.entries(event).filter(([key]) => !SHOWN.has(key)));
            return (
              <tr key={index}>
                <td>{formatTime(typeof event.Timestamp === 'string' ? event.Timestamp : undefined)}</td>
                <td>{String(event.EventType)}</td>
                <td>
                  <code>{preview(details, 160)}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
