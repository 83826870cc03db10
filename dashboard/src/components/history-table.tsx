import { formatTime, preview } from '../format';

const SHOWN = new Set(['EventType', 'Timestamp']);

/** The history as the API returns it: one row per event, its other fields previewed as JSON. */
export function HistoryTable({ events }: { readonly events: readonly Readonly<Record<string, unknown>>[] }) {
  return (
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
  );
}
