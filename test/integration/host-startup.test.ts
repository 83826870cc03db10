import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Activities, Activity, createDurableHost, injectable, isDurableError } from 'durable-ts';
import { sampleFunctions } from '../../samples/functions';
import { recordingLogger } from '../support/recording-logger';
import { silentLogger } from '../support/test-host';

class UnregisteredSecret {
  constructor(readonly value: string) {}
}

@Activities()
class NeedsSecret {
  constructor(private readonly secret: UnregisteredSecret) {}
  @Activity('UseSecret')
  use(): string {
    return this.secret.value;
  }
}

@injectable()
class Mailer {
  sent: string[] = [];
}

@Activities()
class UsesMailer {
  constructor(private readonly mailer: Mailer) {}
  @Activity('Mail')
  mail(to: string): number {
    this.mailer.sent.push(to);
    return this.mailer.sent.length;
  }
}

describe('host start-up errors', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'durable-ts-startup-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown host.json setting before opening storage', async () => {
    const error = await createDurableHost({
      functions: sampleFunctions,
      env: {},
      cwd: dir,
      logger: silentLogger,
      hostJson: { extensions: { durableTask: { maxConcurrentActivityFunction: 3 } } },
    }).catch((e: unknown) => e);
    expect(isDurableError(error) && error.code).toBe('CONFIGURATION_INVALID');
    expect((error as Error).message).toContain('maxConcurrentActivityFunction');
  });

  it('starts with a Durable Functions host.json, warning once with every ignored key', async () => {
    const logger = recordingLogger();
    const host = await createDurableHost({
      functions: sampleFunctions,
      env: {},
      logger,
      hostJson: {
        logging: { logLevel: { default: 'Information' }, fileLoggingMode: 'always' },
        extensions: { durableTask: { tracing: { distributedTracingEnabled: true }, useAppLease: true, storageProvider: { path: join(dir, 'db.sqlite'), partitionCount: 4 } } },
      },
    });
    await host.stop();
    const warnings = logger.events('host.settings.ignored');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields.keys).toEqual(['logging.fileLoggingMode', 'extensions.durableTask.tracing.distributedTracingEnabled', 'extensions.durableTask.useAppLease', 'extensions.durableTask.storageProvider.partitionCount']);
  });

  it('names the class and its activities when a constructor dependency cannot be resolved', async () => {
    const error = await createDurableHost({
      functions: [NeedsSecret],
      env: {},
      logger: silentLogger,
      hostJson: { extensions: { durableTask: { storageProvider: { path: join(dir, 'db.sqlite') } } } },
    }).catch((e: unknown) => e);
    expect(isDurableError(error) && error.code).toBe('INVALID_REGISTRATION');
    expect((error as Error).message).toContain('NeedsSecret');
    expect((error as Error).message).toContain('UseSecret');
  });

  it('injects constructor dependencies into activity classes', async () => {
    const host = await createDurableHost({
      functions: [UsesMailer],
      env: {},
      logger: silentLogger,
      hostJson: { extensions: { durableTask: { storageProvider: { path: join(dir, 'db.sqlite') } } } },
    });
    try {
      expect(host.container.resolve(UsesMailer)).toBeInstanceOf(UsesMailer);
    } finally {
      await host.stop();
    }
  });
});
