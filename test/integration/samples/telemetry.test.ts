import { afterEach, describe, expect, it } from 'vitest';
import { sampleFunctions } from '../../../samples/functions';
import { registerSampleTelemetry, type SampleTelemetry } from '../../../samples/telemetry/register-telemetry';
import { metricLines, spanTree } from '../../../samples/telemetry/telemetry-report';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';

describe('telemetry sample: the SDK wiring and its report', () => {
  let telemetry: SampleTelemetry | undefined;
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    await telemetry?.shutdown();
    t = undefined;
    telemetry = undefined;
  });

  it('prints the Hello Sequence trace as a tree and the counts of the work done', async () => {
    telemetry = registerSampleTelemetry();
    t = await startTestHost(sampleFunctions);
    const id = await t.host.client.startNew('E1_HelloSequence');
    await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    const sample = telemetry;
    const instance = await waitFor(() => sample.spans.getFinishedSpans().find((s) => s.name.startsWith('orchestration ')), 'the instance span');

    const tree = spanTree(sample.spans.getFinishedSpans(), instance.spanContext().traceId).map((line) => line.replace(/ \(.*\)$/, ''));
    expect(tree).toEqual([
      'start_orchestration E1_HelloSequence',
      '  orchestration E1_HelloSequence',
      '    activity E1_SayHello',
      '    activity E1_SayHello',
      '    activity E1_SayHello',
    ]);
    await sample.flushMetrics();
    expect(metricLines(sample.metrics)).toEqual(
      expect.arrayContaining([
        'durable.orchestration.started{durable.orchestration.name=E1_HelloSequence} 1',
        'durable.orchestration.completed{durable.orchestration.name=E1_HelloSequence} 1',
        'durable.activity.duration{durable.activity.name=E1_SayHello,durable.activity.outcome=completed} count=3',
      ]),
    );
  });
});
