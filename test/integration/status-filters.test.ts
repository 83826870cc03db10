import { afterEach, describe, expect, it } from 'vitest';
import { sampleFunctions } from '../../samples/functions';
import { createTestHost, startTestHost, type TestHost } from '../support/test-host';

describe('runtime status as the Durable Functions docs list it', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('Canceled is accepted in client status filters and matches no instance; a misspelt status is refused', async () => {
    t = await startTestHost(sampleFunctions);
    const client = t.host.client;
    const id = await client.startNew('E1_HelloSequence');
    await client.waitForCompletion(id, { timeoutMs: 10_000, pollIntervalMs: 20 });
    expect((await client.getStatusBy({ runtimeStatus: ['Canceled'] })).instances).toEqual([]);
    expect((await client.getStatusBy({ runtimeStatus: ['Canceled', 'Completed'] })).instances.map((s) => s.instanceId)).toEqual([id]);
    expect(await client.purgeInstanceHistoryBy({ runtimeStatus: ['Canceled'] })).toEqual({ instancesDeleted: 0 });
    expect(await client.getStatus(id)).toBeDefined();
    const misspelt = client.getStatusBy({ runtimeStatus: ['Cancelled' as 'Canceled'] });
    await expect(misspelt).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('GET …/instances/{id} answers a Pending instance (started, not yet run) with 202 and Location, as the docs say for one in progress', async () => {
    t = await createTestHost(sampleFunctions); // not started: the instance stays Pending
    const id = await t.host.client.startNew('E1_HelloSequence');
    const server = t.host.createHttpServer();
    try {
      const res = await server.inject({ method: 'GET', url: `/runtime/webhooks/durabletask/instances/${id}` });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toMatchObject({ instanceId: id, runtimeStatus: 'Pending' });
      expect(res.headers.location).toContain(`/instances/${id}`);
      const listed = await server.inject({ method: 'GET', url: '/runtime/webhooks/durabletask/instances?runtimeStatus=Pending' });
      expect((listed.json() as { instanceId: string }[]).map((s) => s.instanceId)).toEqual([id]);
    } finally {
      await server.close();
    }
  });
});
