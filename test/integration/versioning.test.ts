import { afterEach, describe, expect, it } from 'vitest';
import { Orchestrator, type OrchestrationContext } from 'durable-ts';
import { startTestHost, type TestHost } from '../support/test-host';

@Orchestrator('VersionedFlow', { version: '2.0' })
class VersionedFlow {
  async run(ctx: OrchestrationContext): Promise<string> {
    return ctx.version === '1.0' ? 'old path' : `new path for ${ctx.version}`;
  }
}

@Orchestrator('UnversionedFlow')
class UnversionedFlow {
  async run(ctx: OrchestrationContext): Promise<string> {
    return `version '${ctx.version}'`;
  }
}

describe('orchestration versions', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('records the decorator version, lets a start override it, and falls back to the host default', async () => {
    t = await startTestHost([VersionedFlow, UnversionedFlow], { defaultVersion: '0.9' });
    const client = t.host.client;
    const current = await client.startNew('VersionedFlow');
    const pinned = await client.startNew('VersionedFlow', { version: '1.0' });
    const defaulted = await client.startNew('UnversionedFlow');
    expect((await client.waitForCompletion(current, { timeoutMs: 20_000 })).output).toBe('new path for 2.0');
    expect((await client.waitForCompletion(pinned, { timeoutMs: 20_000 })).output).toBe('old path');
    expect((await client.waitForCompletion(defaulted, { timeoutMs: 20_000 })).output).toBe("version '0.9'");
    const history = await t.host.storage.getHistory(pinned);
    expect(history.find((e) => e.type === 'ExecutionStarted')).toMatchObject({ version: '1.0' });
  });
});
