import { describe, expect, it } from 'vitest';
import { toErrorResponse } from '../../../src/http/error-mapping';
import { systemClock } from '../../../src/model/clock';
import { StorageError } from '../../../src/model/errors/storage-error';
import { StorageUnavailableError } from '../../../src/model/errors/storage-unavailable-error';
import type { Logger } from '../../../src/model/logger';
import { isTransientConnectionError } from '../../../src/storage/postgres/postgres-retry';
import type { StorageProvider } from '../../../src/storage/storage-provider';
import type { ActivityResult } from '../../../src/storage/storage-records';
import { ActivityResultBatcher } from '../../../src/worker/activity-result-batcher';

const unavailable = (): StorageUnavailableError => new StorageUnavailableError('save results', 6, 'not-written', 5, 'Connection terminated unexpectedly');

describe('storage unavailable', () => {
  it('is answered over HTTP with 503 and the Retry-After it asks for', () => {
    const response = toErrorResponse(unavailable(), 1024);
    expect(response.statusCode).toBe(503);
    expect(response.headers).toEqual({ 'retry-after': '5' });
    expect(response.body.error).toBe('STORAGE_UNAVAILABLE');
    expect(toErrorResponse(new StorageError('corrupt'), 1024)).toMatchObject({ statusCode: 500, headers: {} });
  });

  it('tells lost connections from wrong statements', () => {
    const withCode = (code: string): Error => Object.assign(new Error('x'), { code });
    expect(isTransientConnectionError(withCode('57P01'))).toBe(true); // terminated by pg_terminate_backend
    expect(isTransientConnectionError(withCode('08006'))).toBe(true);
    expect(isTransientConnectionError(withCode('ECONNREFUSED'))).toBe(true);
    expect(isTransientConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientConnectionError(new StorageError('wrapped', { cause: withCode('ECONNRESET') }))).toBe(true);
    expect(isTransientConnectionError(withCode('23505'))).toBe(false); // unique violation
    expect(isTransientConnectionError(withCode('42P01'))).toBe(false); // undefined table
  });

  it('keeps activity results and saves them again instead of dropping them', async () => {
    const saved: ActivityResult[][] = [];
    let failures = 1;
    const provider = {
      completeActivityWorkItems: async (results: readonly ActivityResult[]) => {
        if (failures-- > 0) throw unavailable();
        saved.push([...results]);
        return results.length;
      },
    } as unknown as StorageProvider;
    const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined } as unknown as Logger;
    const batcher = new ActivityResultBatcher(provider, systemClock, quiet);
    const result: ActivityResult = { workItemId: 7, instanceId: 'i', event: { type: 'TaskCompleted', eventId: -1, timestamp: '2024-01-01T00:00:00.000Z', taskScheduledId: 0 } };
    await batcher.add(result);
    expect(saved).toEqual([[result]]);
  });
});
