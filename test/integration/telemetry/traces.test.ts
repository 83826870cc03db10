import { rmSync } from 'node:fs';
import { SpanStatusCode, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleFunctions } from '../../../samples/functions';
import { registerTestTelemetry, spansNamed, type TestTelemetry } from '../../support/otel';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { entityTestFunctions } from '../entities/fixtures';
import { compositionFunctions } from '../fixtures/composition-functions';
import { Gate } from '../fixtures/gated-functions';
import { rewindFunctions, world } from '../fixtures/rewind-functions';
import { held, tracedSequenceFunctions } from '../fixtures/traced-sequence-functions';

const hrTimeToMilliseconds = ([seconds, nanos]: HrTime): number => seconds * 1000 + nanos / 1e6;

const functions = [...sampleFunctions, ...compositionFunctions, ...tracedSequenceFunctions, ...entityTestFunctions, ...rewindFunctions];

/** A trace as its structure: each span's name and its parent's name, in export order. */
function shapeOf(spans: readonly ReadableSpan[]): Array<{ name: string; parent: string }> {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  return spans.map((s) => {
    const parentId = s.parentSpanContext?.spanId;
    return { name: s.name, parent: parentId === undefined ? '(root)' : (byId.get(parentId)?.name ?? '(missing)') };
  });
}

function traceOf(telemetry: TestTelemetry, instanceId: string): ReadableSpan[] {
  const instance = telemetry.spans.getFinishedSpans().find((s) => s.name.startsWith('orchestration ') && s.attributes['durable.instance.id'] === instanceId);
  if (instance === undefined) return [];
  return telemetry.spans.getFinishedSpans().filter((s) => s.spanContext().traceId === instance.spanContext().traceId);
}

const instanceSpanDone = (telemetry: TestTelemetry, instanceId: string) => () =>
  telemetry.spans.getFinishedSpans().some((s) => s.name.startsWith('orchestration ') && s.attributes['durable.instance.id'] === instanceId);

describe('OpenTelemetry traces', () => {
  let telemetry: TestTelemetry;
  let t: TestHost | undefined;
  const dirs = new Set<string>();
  beforeAll(() => {
    telemetry = registerTestTelemetry();
  });
  afterAll(async () => {
    await telemetry.shutdown();
  });
  afterEach(async () => {
    await t?.stop();
    t = undefined;
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs.clear();
    telemetry.spans.reset();
    held.name = '';
  });

  async function start(dir?: string): Promise<TestHost> {
    t = await startTestHost(functions, {}, dir !== undefined ? { dir } : {});
    dirs.add(t.dir);
    return t;
  }

  it('traces a Hello Sequence as one trace: the start, the instance span and its three activities in order', async () => {
    const host = await start();
    const id = await host.host.client.startNew('E1_HelloSequence');
    await host.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    await waitFor(instanceSpanDone(telemetry, id), 'the instance span');

    const spans = traceOf(telemetry, id);
    expect(shapeOf(spans)).toEqual([
      { name: 'start_orchestration E1_HelloSequence', parent: '(root)' },
      { name: 'activity E1_SayHello', parent: 'orchestration E1_HelloSequence' },
      { name: 'activity E1_SayHello', parent: 'orchestration E1_HelloSequence' },
      { name: 'activity E1_SayHello', parent: 'orchestration E1_HelloSequence' },
      { name: 'orchestration E1_HelloSequence', parent: 'start_orchestration E1_HelloSequence' },
    ]);
    const activities = spansNamed(telemetry.spans, 'activity ');
    expect(activities.map((s) => s.attributes['durable.task.id'])).toEqual([0, 1, 2]);
    const starts = activities.map((s) => hrTimeToMilliseconds(s.startTime));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    const instance = spans[4]!;
    expect(instance.attributes['durable.orchestration.status']).toBe('Completed');
    expect(instance.attributes['durable.span.reissued']).toBeUndefined();
    // One span event per episode: the start and one per activity result.
    expect(instance.events.map((e) => e.name)).toEqual(['durable.episode', 'durable.episode', 'durable.episode', 'durable.episode']);
    for (const activity of activities) {
      expect(hrTimeToMilliseconds(activity.startTime)).toBeGreaterThanOrEqual(hrTimeToMilliseconds(instance.startTime));
      expect(hrTimeToMilliseconds(activity.endTime)).toBeLessThanOrEqual(hrTimeToMilliseconds(instance.endTime));
    }
  });

  it('makes the same trace when the host restarts mid-run, with no span twice', async () => {
    const once = await start();
    const straight = await once.host.client.startNew('Traced_HelloSequence');
    await once.host.client.waitForCompletion(straight, { timeoutMs: 20_000 });
    await waitFor(instanceSpanDone(telemetry, straight), 'the uninterrupted instance span');
    const expected = shapeOf(traceOf(telemetry, straight));
    await once.stop();

    held.name = 'Seattle';
    held.gate = new Gate();
    const first = await start();
    const id = await first.host.client.startNew('Traced_HelloSequence');
    await held.gate.startedPromise;
    // Tokyo's span is out; Seattle runs. Stop the host, letting Seattle finish while it drains.
    const stopping = first.stop();
    held.gate.open();
    await stopping;
    expect(traceOf(telemetry, id)).toEqual([]);
    const second = await start(first.dir);
    await second.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    await waitFor(instanceSpanDone(telemetry, id), 'the instance span');

    const spans = traceOf(telemetry, id);
    expect(shapeOf(spans)).toEqual(expected);
    const instance = spans.find((s) => s.name.startsWith('orchestration '))!;
    // Emitted by the second host from history, with the id the first host recorded.
    expect(instance.attributes['durable.span.reissued']).toBe('same-id');
    expect(instance.events).toHaveLength(4);
  });

  it('puts a sub-orchestration in its parent trace, under the parent instance span', async () => {
    const host = await start();
    const id = await host.host.client.startNew('ParentSum', { input: { numbers: [1, 2], childIds: ['child-a', 'child-b'] } });
    expect((await host.host.client.waitForCompletion(id, { timeoutMs: 20_000 })).output).toBe(6);
    await waitFor(instanceSpanDone(telemetry, id), 'the parent instance span');

    const spans = traceOf(telemetry, id);
    const names = shapeOf(spans);
    expect(names.filter((s) => s.name === 'orchestration ChildDouble')).toEqual([
      { name: 'orchestration ChildDouble', parent: 'orchestration ParentSum' },
      { name: 'orchestration ChildDouble', parent: 'orchestration ParentSum' },
    ]);
    expect(names.filter((s) => s.name === 'activity Double')).toEqual([
      { name: 'activity Double', parent: 'orchestration ChildDouble' },
      { name: 'activity Double', parent: 'orchestration ChildDouble' },
    ]);
    // Each child's activity sits under that child's own span.
    for (const child of spans.filter((s) => s.name === 'orchestration ChildDouble')) {
      const own = spans.filter((s) => s.name === 'activity Double' && s.parentSpanContext?.spanId === child.spanContext().spanId);
      expect(own).toHaveLength(1);
      expect(own[0]!.attributes['durable.instance.id']).toBe(child.attributes['durable.instance.id']);
    }
  });

  it('traces entity calls as client spans under the instance span, a failed operation marked as an error', async () => {
    const host = await start();
    const id = await host.host.client.startNew('LedgerCall');
    await host.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    await waitFor(instanceSpanDone(telemetry, id), 'the instance span');

    const spans = traceOf(telemetry, id);
    expect(shapeOf(spans).filter((s) => s.name.startsWith('entity_operation'))).toEqual([
      { name: 'entity_operation append', parent: 'orchestration LedgerCall' },
      { name: 'entity_operation fail', parent: 'orchestration LedgerCall' },
      { name: 'entity_operation append', parent: 'orchestration LedgerCall' },
    ]);
    const calls = spans.filter((s) => s.name.startsWith('entity_operation'));
    expect(calls.map((s) => s.attributes['durable.entity.id'])).toEqual(['@ledger@calls', '@ledger@calls', '@ledger@calls']);
    expect(calls.map((s) => s.status.code)).toEqual([SpanStatusCode.UNSET, SpanStatusCode.ERROR, SpanStatusCode.UNSET]);
  });

  it('gives a rewound instance one instance span (ended Failed) and a child span for the run after the rewind', async () => {
    world.broken = true;
    world.calls.clear();
    const host = await start();
    const id = await host.host.client.startNew('FixableFlow');
    expect((await host.host.client.waitForCompletion(id, { timeoutMs: 20_000 })).runtimeStatus).toBe('Failed');
    await waitFor(instanceSpanDone(telemetry, id), 'the failed instance span');
    world.broken = false;
    await host.host.client.rewind(id, 'fixed');
    expect((await host.host.client.waitForCompletion(id, { timeoutMs: 20_000 })).runtimeStatus).toBe('Completed');
    await waitFor(() => traceOf(telemetry, id).some((s) => s.attributes['durable.orchestration.rewound'] === true), 'the rewound run span');

    const spans = traceOf(telemetry, id);
    const ids = spans.map((s) => s.spanContext().spanId);
    expect(new Set(ids).size).toBe(ids.length);
    const runs = spans.filter((s) => s.name === 'orchestration FixableFlow');
    expect(runs.map((s) => [s.attributes['durable.orchestration.status'], s.attributes['durable.orchestration.rewound']])).toEqual([
      ['Failed', undefined],
      ['Completed', true],
    ]);
    expect(runs[1]!.parentSpanContext?.spanId).toBe(runs[0]!.spanContext().spanId);
  });

  it('keeps every execution of a continue-as-new chain in the trace of its start', async () => {
    const host = await start();
    const id = await host.host.client.startNew('EventPerGeneration', { input: { left: 2, got: [], preserve: true } });
    await host.host.client.raiseEvent(id, 'Tick', 1);
    await host.host.client.raiseEvent(id, 'Tick', 2);
    expect((await host.host.client.waitForCompletion(id, { timeoutMs: 20_000 })).output).toEqual([1, 2]);
    await waitFor(() => traceOf(telemetry, id).filter((s) => s.name === 'orchestration EventPerGeneration').length === 3, 'three execution spans');

    const spans = traceOf(telemetry, id);
    const executions = spans.filter((s) => s.name === 'orchestration EventPerGeneration');
    expect(executions.map((s) => s.attributes['durable.orchestration.status'])).toEqual(['ContinuedAsNew', 'ContinuedAsNew', 'Completed']);
    expect(new Set(executions.map((s) => s.attributes['durable.execution.id'])).size).toBe(3);
    expect(shapeOf(spans).filter((s) => s.name === 'orchestration EventPerGeneration').map((s) => s.parent)).toEqual([
      'start_orchestration EventPerGeneration',
      'start_orchestration EventPerGeneration',
      'start_orchestration EventPerGeneration',
    ]);
  });
});
