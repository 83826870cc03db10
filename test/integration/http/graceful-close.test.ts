import { afterEach, describe, expect, it } from 'vitest';
import { HttpTrigger, HttpTriggers } from '../../../src/decorators/http-trigger.decorator';
import { sampleFunctions } from '../../../samples/functions';
import { OrderTriggers } from './http-fixtures';
import { startHttpTestHost, type HttpTestHost } from './http-test-server';

const slow = { release: (): void => {}, started: (): void => {} };

@HttpTriggers()
class SlowTriggers {
  @HttpTrigger({ route: 'slow', methods: ['GET'] })
  async slow(): Promise<{ finished: boolean }> {
    slow.started();
    await new Promise<void>((resolve) => (slow.release = resolve));
    return { finished: true };
  }
}

describe('graceful close', () => {
  let t: HttpTestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
  });

  it('finishes a request in flight, then refuses new connections', async () => {
    t = await startHttpTestHost({ functions: sampleFunctions, triggers: [SlowTriggers] });
    const started = new Promise<void>((resolve) => (slow.started = resolve));
    const inFlight = fetch(`${t.url}/api/slow`);
    await started;
    const closed = t.server.close();
    slow.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    await closed;
    await expect(fetch(`${t.url}/api/slow`)).rejects.toThrow();
  });

  it('an @HttpTriggers() class carries its constructor metadata (DurableClient is injected)', () => {
    const types: unknown = Reflect.getMetadata('design:paramtypes', OrderTriggers);
    expect(Array.isArray(types) && (types[0] as { name?: string } | undefined)?.name).toBe('DurableClient');
  });
});
