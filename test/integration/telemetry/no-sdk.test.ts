import { afterEach, describe, expect, it } from 'vitest';
import { sampleFunctions } from '../../../samples/functions';
import { startTestHost, type TestHost } from '../../support/test-host';

describe('without an OpenTelemetry SDK', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('stores no trace context in history (the API is a no-op, nothing is recorded)', async () => {
    t = await startTestHost(sampleFunctions);
    const id = await t.host.client.startNew('E1_HelloSequence');
    expect((await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 })).runtimeStatus).toBe('Completed');
    const history = await t.host.storage.getHistory(id);
    expect(history.filter((e) => 'parentTraceContext' in e || 'traceContext' in e)).toEqual([]);
  });
});
