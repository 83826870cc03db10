import { afterEach, describe, expect, it } from 'vitest';
import { EventAggregator, type AggregateSummary } from '../../../samples/aggregator/event-aggregator.entity';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';

describe('aggregator sample: EventAggregator', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('folds events from many concurrent senders into one summary per key, losing none', async () => {
    t = await startTestHost([EventAggregator]);
    const client = t.host.client;
    const sources = ['sensor-a', 'sensor-b', 'sensor-c', 'sensor-d'];
    await Promise.all(sources.map(async (source, s) => {
      for (let i = 1; i <= 25; i++) await client.signalEntity('@eventaggregator@room-1', 'add', { source, value: s + 1 });
    }));
    await client.signalEntity('@eventaggregator@room-2', 'add', { source: 'sensor-a', value: 7 });
    const room1 = await waitFor(async () => {
      const s = await client.readEntityState<AggregateSummary>('@eventaggregator@room-1');
      return s.entityState?.count === 100 ? s.entityState : undefined;
    }, 'all 100 events of room-1');
    expect(room1).toEqual({ count: 100, sum: 25 * (1 + 2 + 3 + 4), bySource: { 'sensor-a': 25, 'sensor-b': 25, 'sensor-c': 25, 'sensor-d': 25 } });
    const room2 = await waitFor(async () => (await client.readEntityState<AggregateSummary>('@eventaggregator@room-2')).entityState, 'room-2');
    expect(room2).toEqual({ count: 1, sum: 7, bySource: { 'sensor-a': 1 } });
  });
});
