import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { OrchestrationHandle, OrchestrationStatus } from 'durable-ts';
import { durableFunctions } from '../../samples/generated/durable-functions';
import { startTestHost, type TestHost } from '../support/test-host';

/** Hello Sequence end to end through the generated code only: registration list, typed start, typed output. */
describe('Hello Sequence through the generated stubs', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('starts E1_HelloSequence with client.orchestrations and waits for its typed output', async () => {
    t = await startTestHost(durableFunctions);
    const handle = await t.host.client.orchestrations.E1_HelloSequence.start(undefined, { instanceId: 'typed-hello' });
    expectTypeOf(handle).toEqualTypeOf<OrchestrationHandle<void, string[]>>();
    expect(handle.instanceId).toBe('typed-hello');

    const status = await handle.waitForCompletion({ timeoutMs: 30_000 });
    expectTypeOf(status).toEqualTypeOf<OrchestrationStatus<void, string[]>>();
    const output: string[] | undefined = status.output;
    expect(status.runtimeStatus).toBe('Completed');
    expect(output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    expect((await handle.getStatus())?.customStatus).toBe('Tokyo');
  });

  it('gives a handle on an existing instance, and raises events and terminates through it', async () => {
    t = await startTestHost(durableFunctions);
    const started = await t.host.client.orchestrations.E2_BackupSiteContent.start({ source: '/definitely/missing', destination: '/tmp/x' });
    const again = t.host.client.orchestrations.E2_BackupSiteContent.handle(started.instanceId);
    const status = await again.waitForCompletion({ timeoutMs: 30_000 });
    expectTypeOf(status.output).toEqualTypeOf<number | undefined>();
    expect(status.runtimeStatus).toBe('Failed');
    expect(status.input).toEqual({ source: '/definitely/missing', destination: '/tmp/x' });
  });
});
