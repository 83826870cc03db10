import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDurableHost, VirtualClock, type DurableHost, type Logger } from 'durable-ts';
import { DEFAULT_NEW_DEVICES } from '../../../samples/device-provisioning/device-hub';
import { sampleFunctions } from '../../../samples/functions';
import { GOOD_WEATHER_MESSAGE } from '../../../samples/monitor/monitor.activities';
import { waitFor } from '../../support/wait-for';

interface LogLine {
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** The samples app as `npm start` builds it: every sample class, the root container, the default services. */
describe('the samples with their default local services', () => {
  let dir: string;
  let host: DurableHost;
  const lines: LogLine[] = [];
  const record = (fields: Record<string, unknown>, message: string): void => void lines.push({ fields, message });
  const logger: Logger = { debug: record, info: record, warn: record, error: record };

  beforeEach(async () => {
    lines.length = 0;
    dir = mkdtempSync(join(tmpdir(), 'durable-ts-samples-'));
    host = await createDurableHost({
      functions: sampleFunctions,
      env: {},
      cwd: dir,
      logger,
      clock: new VirtualClock(),
      hostJson: { version: '2.0', extensions: { durableTask: { hubName: 'SamplesHub', storageProvider: { type: 'sqlite', path: join(dir, 'db.sqlite') } } } },
    });
    await host.start();
  });
  afterEach(async () => {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const logged = (event: string): LogLine[] => lines.filter((l) => l.fields.event === event);

  it('E3_Monitor: the local weather is clear, so the alert is logged at once', async () => {
    const id = await host.client.startNew('E3_Monitor', { input: { location: { city: 'Seattle', state: 'WA' }, phone: '+1 206 555 0100' } });
    expect((await host.client.waitForCompletion(id, { timeoutMs: 10_000 })).runtimeStatus).toBe('Completed');
    expect(logged('sample.alert')).toEqual([{ fields: expect.objectContaining({ phone: '+1 206 555 0100' }), message: GOOD_WEATHER_MESSAGE }]);
  });

  it('E4_SmsPhoneVerification: the code is in the logged SMS', async () => {
    const id = await host.client.startNew('E4_SmsPhoneVerification', { input: '+1 206 555 0101' });
    const sms = await waitFor(() => logged('sample.sms')[0], 'the SMS to be logged');
    const code = Number(/(\d{4})$/.exec(sms.message)?.[1]);
    await host.client.raiseEvent(id, 'SmsChallengeResponse', code);
    expect((await host.client.waitForCompletion(id, { timeoutMs: 10_000 })).output).toBe(true);
  });

  it('ApprovalWorkflow: each step is logged', async () => {
    const id = await host.client.startNew('ApprovalWorkflow', { input: 'vacation request' });
    await waitFor(() => logged('sample.approval').length === 1, 'the approval request');
    await host.client.raiseEvent(id, 'ApprovalEvent', true);
    expect((await host.client.waitForCompletion(id, { timeoutMs: 10_000 })).output).toBe('approved');
    expect(logged('sample.approval').map((l) => l.fields.step)).toEqual(['requested', 'processed']);
  });

  it('ProvisionNewDevices: the in-memory hub reports its default devices', async () => {
    const id = await host.client.startNew('ProvisionNewDevices');
    const done = await host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.output).toMatchObject({ provisioned: DEFAULT_NEW_DEVICES.length });
    expect(logged('sample.device')).toHaveLength(DEFAULT_NEW_DEVICES.length);
  });
});
