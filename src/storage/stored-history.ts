import { isDeepStrictEqual } from 'node:util';
import type { FailureDetails } from '../model/failure-details';
import type { HistoryEvent } from '../model/history-event';
import type { EpisodeCommit } from './storage-records';

/**
 * Failure details are stored once. A failed instance's details sit both in its row (what a status
 * read returns) and in its ExecutionCompleted event (what a history read returns); with messages
 * and stacks of up to 48 KB that doubled the largest part of a failure. The row keeps them (status
 * reads and instance lists need no history), and the event is stored without them; reading the
 * history puts the row's details back, so callers see the same events as before.
 */

/** An episode's new events as they are stored: an ExecutionCompleted whose details the row keeps goes without them. */
export function historyToStore(commit: Pick<EpisodeCommit, 'newHistory' | 'update'>): readonly HistoryEvent[] {
  const kept = commit.update.failureDetails;
  if (kept === undefined) return commit.newHistory;
  return commit.newHistory.map((event) => {
    if (event.type !== 'ExecutionCompleted' || event.failureDetails === undefined) return event;
    if (event.failureDetails !== kept && !isDeepStrictEqual(event.failureDetails, kept)) return event;
    const { failureDetails: _storedOnTheRow, ...rest } = event;
    return rest;
  });
}

/** A history as read: an ExecutionCompleted stored without details gets the row's back (none when the row has none). */
export function historyAsRead(events: HistoryEvent[], rowFailureDetails: FailureDetails | undefined): HistoryEvent[] {
  if (rowFailureDetails === undefined) return events;
  return events.map((event) =>
    event.type === 'ExecutionCompleted' && event.failureDetails === undefined && event.orchestrationStatus === 'Failed'
      ? { ...event, failureDetails: rowFailureDetails }
      : event,
  );
}
