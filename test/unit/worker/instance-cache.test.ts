import { describe, expect, it } from 'vitest';
import { InstanceCache, type CachedInstance } from '../../../src/worker/instance-cache';
import { InstanceTrace } from '../../../src/worker/instance-trace';

function entry(executor: string, lastUsedAt: number, historyLength = 3): CachedInstance<string> {
  const instance = { instanceId: 'i', executionId: 'e1', name: 'N', runtimeStatus: 'Running' as const, createdAt: new Date(0), lastUpdatedAt: new Date(lastUsedAt), historyLength };
  return { executionId: 'e1', instance, historyLength, executor, trace: InstanceTrace.fromHistory([]), lastUsedAt };
}

describe('InstanceCache', () => {
  it('evicts the least recently used entry when full, and counts it', () => {
    const cache = new InstanceCache<string>(2, 60_000);
    cache.put('a', entry('A', 0));
    cache.put('b', entry('B', 1));
    // Using 'a' makes 'b' the least recently used.
    const a = cache.take('a', 'e1', 3, 2);
    expect(a?.executor).toBe('A');
    cache.put('a', entry('A', 2, 4));
    cache.put('c', entry('C', 3));
    expect(cache.take('b', 'e1', 3, 4)).toBeUndefined();
    expect(cache.take('a', 'e1', 4, 4)?.executor).toBe('A');
    expect(cache.take('c', 'e1', 3, 4)?.executor).toBe('C');
    expect(cache.stats()).toMatchObject({ size: 0, maxSize: 2, evictedBySize: 1, evictedByIdle: 0 });
  });

  it('never holds more than its maximum', () => {
    const cache = new InstanceCache<string>(100, 60_000);
    for (let i = 0; i < 1000; i++) cache.put(`i${i}`, entry(`X${i}`, i));
    expect(cache.size).toBe(100);
    expect(cache.stats().evictedBySize).toBe(900);
    expect(cache.take('i899', 'e1', 3, 1000)).toBeUndefined();
    expect(cache.take('i900', 'e1', 3, 1000)?.executor).toBe('X900');
  });

  it('drops entries idle for longer than the idle timeout, on a sweep and on a take', () => {
    const cache = new InstanceCache<string>(10, 1_000);
    cache.put('old', entry('O', 0));
    cache.put('fresh', entry('F', 500));
    cache.put('stale', entry('S', 100));
    expect(cache.evictIdle(1_000)).toBe(0); // exactly the timeout is not yet idle
    expect(cache.evictIdle(1_001)).toBe(1);
    expect(cache.take('old', 'e1', 3, 1_001)).toBeUndefined();
    // 'stale' is past its timeout at 1_101: a take refuses it even before a sweep.
    expect(cache.take('stale', 'e1', 3, 1_101)).toBeUndefined();
    expect(cache.take('fresh', 'e1', 3, 1_101)?.executor).toBe('F');
    expect(cache.stats()).toMatchObject({ size: 0, evictedByIdle: 2, evictedBySize: 0 });
  });

  it('refuses an entry of another execution or another history length, and forgets it', () => {
    const cache = new InstanceCache<string>(10, 60_000);
    cache.put('a', entry('A', 0));
    expect(cache.take('a', 'e2', 3, 1)).toBeUndefined();
    cache.put('a', entry('A', 0));
    expect(cache.take('a', 'e1', 5, 1)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps nothing when its size is 0 (extended sessions off)', () => {
    const cache = new InstanceCache<string>(0, 60_000);
    cache.put('a', entry('A', 0));
    expect(cache.size).toBe(0);
    expect(cache.take('a', 'e1', 3, 0)).toBeUndefined();
  });
});
