import { formatDuration, formatTime } from '../format';
import { links } from '../route';
import type { Timeline, TimelineSpan } from '../types';

const KIND_LABEL: Readonly<Record<TimelineSpan['kind'], string>> = {
  activity: 'activity',
  'sub-orchestration': 'sub-orch.',
  timer: 'timer',
  event: 'event',
  entity: 'entity',
  execution: 'instance',
};

/** Rows drawn at most: a longer history (a long-lived monitor) is cut, with a note, to keep the page responsive. */
export const MAX_TIMELINE_ROWS = 500;

/** Narrowest bar drawn, in percent of the axis, so instants and short calls stay visible. */
const MIN_WIDTH = 0.6;

/**
 * The history as bars on a time axis: one row per activity, sub-orchestration, timer, entity call
 * or event, from when it was scheduled to when its outcome came back. Failed bars are red, open
 * ones (still running) run to `now` striped; a retry shows its attempt number.
 */
export function TimelineChart({ timeline, now }: { readonly timeline: Timeline; readonly now: number }) {
  const spans = timeline.spans.slice(-MAX_TIMELINE_ROWS);
  const hidden = timeline.spans.length - spans.length;
  if (spans.length === 0) return <p class="muted">No history yet.</p>;
  const endOf = (span: TimelineSpan): number => (span.end !== undefined ? Date.parse(span.end) : Math.max(now, Date.parse(span.start)));
  const t0 = Math.min(...spans.map((s) => Date.parse(s.start)));
  const t1 = Math.max(...spans.map(endOf), t0 + 1);
  const range = t1 - t0;
  const pct = (t: number): number => ((t - t0) / range) * 100;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div class="timeline" role="table" aria-label="Timeline">
      {hidden > 0 && <p class="muted">The first {hidden} rows are not drawn: the timeline shows the last {MAX_TIMELINE_ROWS}.</p>}
      <div class="timeline-axis" aria-hidden="true">
        <span class="timeline-label">{formatTime(new Date(t0).toISOString())}</span>
        <span class="timeline-track">
          {ticks.map((f) => (
            <span key={f} class="tick" style={{ left: `${f * 100}%` }}>
              +{formatDuration(f * range)}
            </span>
          ))}
        </span>
      </div>
      {spans.map((span, index) => {
        const start = Date.parse(span.start);
        const left = pct(start);
        const width = Math.max(MIN_WIDTH, pct(endOf(span)) - left);
        const title = describe(span, endOf(span) - start);
        return (
          <div key={index} class="timeline-row" role="row" data-kind={span.kind} data-outcome={span.outcome} title={title}>
            <span class="timeline-label" role="cell">
              <span class={`kind kind-${span.kind}`}>{KIND_LABEL[span.kind]}</span> {span.name}
              {span.attempt > 1 && <span class="attempt">attempt {span.attempt}</span>}
              {span.kind === 'sub-orchestration' && span.instanceId !== undefined && (
                <a class="child-link" href={links.instance(span.instanceId)}>
                  open
                </a>
              )}
            </span>
            <span class="timeline-track" role="cell">
              <span class={`bar bar-${span.kind} bar-${span.outcome}`} style={{ left: `${Math.min(left, 100 - MIN_WIDTH)}%`, width: `${width}%` }} />
            </span>
          </div>
        );
      })}
    </div>
  );
}

function describe(span: TimelineSpan, durationMs: number): string {
  const parts = [`${span.kind} ${span.name}`, `started ${formatTime(span.start)}`];
  parts.push(span.end !== undefined ? `took ${formatDuration(durationMs)}` : 'still open');
  if (span.attempt > 1) parts.push(`attempt ${span.attempt}`);
  if (span.fireAt !== undefined) parts.push(`due ${formatTime(span.fireAt)}`);
  if (span.failure !== undefined) parts.push(`failed: ${span.failure}`);
  return parts.join(' · ');
}
