import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatchingOrchestrator, ErrorActivities, FailingOrchestrator } from './fixtures/error-functions';
import { startTestHost, type TestHost } from '../support/test-host';

describe('errors end to end', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost([ErrorActivities, CatchingOrchestrator, FailingOrchestrator]);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('delivers an activity error to the orchestrator as TaskFailedError with name, message and stack', async () => {
    const id = await t.host.client.startNew('CatchingOrchestrator', { input: 'unicorn' });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual({
      code: 'TASK_FAILED',
      taskName: 'Reserve',
      errorType: 'InventoryError',
      message: 'no unicorn left',
      stackTrace: expect.stringContaining('no unicorn left'),
      hasStack: true,
    });
  });

  it('fails the instance when an activity error is not handled, keeping the inner failure', async () => {
    const id = await t.host.client.startNew('FailingOrchestrator', { input: 'unicorn' });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.failureDetails?.errorType).toBe('TaskFailedError');
    expect(done.failureDetails?.message).toContain('no unicorn left');
    expect(done.failureDetails?.innerFailure).toMatchObject({ errorType: 'InventoryError', message: 'no unicorn left' });
    expect(done.output).toBeUndefined();
  });

  it('fails the instance with the message of an error the orchestrator throws itself', async () => {
    const id = await t.host.client.startNew('FailingOrchestrator', { input: 'throw-own' });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.failureDetails).toMatchObject({ errorType: 'RangeError', message: 'after reserved apple, the order total is out of range' });
    const history = await t.host.storage.getHistory(id);
    expect(history.at(-2)).toMatchObject({ type: 'ExecutionCompleted', orchestrationStatus: 'Failed' });
  });
});
