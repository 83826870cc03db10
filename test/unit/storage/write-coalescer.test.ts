import { describe, expect, it } from 'vitest';
import { WriteCoalescer, type Settled } from '../../../src/storage/write-coalescer';

/** A batch writer that records its batches and answers each operation with its double, or fails one named operation. */
function recordingWriter(failing?: number): { batches: number[][]; write: (ops: readonly number[]) => Promise<Settled<number>[]> } {
  const batches: number[][] = [];
  return {
    batches,
    write: async (ops) => {
      batches.push([...ops]);
      return ops.map((op): Settled<number> => (op === failing ? { ok: false, error: new Error(`op ${op} failed`) } : { ok: true, value: op * 2 }));
    },
  };
}

describe('WriteCoalescer', () => {
  it('writes a lone operation at once, before submit returns', () => {
    const writer = recordingWriter();
    const coalescer = new WriteCoalescer(writer.write);
    void coalescer.submit(1);
    expect(writer.batches).toEqual([[1]]);
  });

  it('puts the operations submitted while a batch is written into the next batch, in order', async () => {
    const writer = recordingWriter();
    const coalescer = new WriteCoalescer(writer.write);
    const results = await Promise.all([1, 2, 3, 4].map((op) => coalescer.submit(op)));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(writer.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('takes the writes of callers that resume from a batch into one next batch', async () => {
    const writer = recordingWriter();
    const coalescer = new WriteCoalescer(writer.write);
    const lanes = [10, 20, 30].map(async (base) => {
      await coalescer.submit(base);
      await coalescer.submit(base + 1);
    });
    await Promise.all(lanes);
    // 11 follows 10 while 20 and 30 wait for the end of the turn; 21 and 31 follow theirs together.
    expect(writer.batches).toEqual([[10], [20, 30, 11], [21, 31]]);
  });

  it('bounds a batch and writes the rest in the next ones, in order', async () => {
    const writer = recordingWriter();
    const coalescer = new WriteCoalescer(writer.write, 2);
    await Promise.all([1, 2, 3, 4, 5, 6].map((op) => coalescer.submit(op)));
    expect(writer.batches).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('rejects only the operation that failed', async () => {
    const writer = recordingWriter(3);
    const coalescer = new WriteCoalescer(writer.write);
    const results = await Promise.allSettled([1, 2, 3, 4].map((op) => coalescer.submit(op)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });

  it('rejects every operation of a batch that failed as a whole with its error, and goes on writing', async () => {
    const failure = new Error('storage unavailable');
    let calls = 0;
    const coalescer = new WriteCoalescer<number, number>(async (ops) => {
      calls++;
      if (calls === 2) throw failure;
      return ops.map((op) => ({ ok: true, value: op }));
    });
    const results = await Promise.allSettled([1, 2, 3].map((op) => coalescer.submit(op)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    await expect(coalescer.submit(4)).resolves.toBe(4);
  });
});
