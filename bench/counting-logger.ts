import type { Logger } from 'durable-ts';

/** A log line the bench kept because it signals trouble (warn or error). */
export interface LoggedProblem {
  readonly level: 'warn' | 'error';
  readonly event: string;
  readonly message: string;
}

const MAX_KEPT_PROBLEMS = 20;

/**
 * A silent logger (prints nothing) that tallies the host's structured log events by their
 * `event` field, counts episodes (those served from the instance cache, and entity batches,
 * separately), and keeps the first few
 * warnings and errors so the bench can report them instead of hiding them.
 */
export class CountingLogger implements Logger {
  readonly events = new Map<string, number>();
  readonly problems: LoggedProblem[] = [];
  /** Committed episodes of orchestrations and entities (one entity batch is one episode). */
  episodes = 0;
  episodesFromCache = 0;
  /** The episodes that were entity batches. */
  entityEpisodes = 0;
  problemCount = 0;

  debug(fields: Record<string, unknown>): void {
    const event = this.tally(fields);
    if (event === 'orchestration.episode.committed') {
      this.episodes++;
      if (fields['fromCache'] === true) this.episodesFromCache++;
      if (isEntityInstance(fields['instanceId'])) this.entityEpisodes++;
    }
  }

  info(fields: Record<string, unknown>): void {
    this.tally(fields);
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.keepProblem('warn', this.tally(fields), describe(fields, message));
  }

  error(fields: Record<string, unknown>, message: string): void {
    this.keepProblem('error', this.tally(fields), describe(fields, message));
  }

  /** Starts a new measurement window (keeps problems, which are reported for the whole run). */
  resetCounters(): void {
    this.events.clear();
    this.episodes = 0;
    this.episodesFromCache = 0;
    this.entityEpisodes = 0;
  }

  private tally(fields: Record<string, unknown>): string {
    const value = fields['event'];
    const event = typeof value === 'string' ? value : '(no event)';
    this.events.set(event, (this.events.get(event) ?? 0) + 1);
    return event;
  }

  private keepProblem(level: 'warn' | 'error', event: string, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_KEPT_PROBLEMS) this.problems.push({ level, event, message });
  }
}

function describe(fields: Record<string, unknown>, message: string): string {
  const err = fields['err'];
  const instanceId = fields['instanceId'];
  const where = typeof instanceId === 'string' ? ` [instance ${instanceId}]` : '';
  const cause = err instanceof Error ? `: ${err.message}` : '';
  return `${message}${where}${cause}`;
}

/** Entity instance ids are `@name@key`; orchestration instance ids may not start with '@'. */
function isEntityInstance(instanceId: unknown): boolean {
  return typeof instanceId === 'string' && instanceId.startsWith('@');
}
