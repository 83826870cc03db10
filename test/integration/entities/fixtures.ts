import { Entity, Orchestrator, type OrchestrationContext } from 'durable-ts';

/** An entity whose `fail` operation changes state and then throws: the change must be rolled back. */
@Entity('Ledger')
export class Ledger {
  entries: string[] = [];

  append(entry: string): number {
    this.entries.push(entry);
    return this.entries.length;
  }

  fail(entry: string): void {
    this.entries.push(entry);
    throw new RangeError(`cannot take ${entry}`);
  }
}

/** Runs one locking-rule scenario by name and reports the error code and message. */
@Orchestrator('BreakLockingRule')
export class BreakLockingRule {
  async run(ctx: OrchestrationContext<string>): Promise<string> {
    const lock = await ctx.lock('@ledger@a', '@ledger@b');
    try {
      switch (ctx.getInput()) {
        case 'nested':
          await ctx.lock('@ledger@c');
          break;
        case 'sub-orchestration':
          await ctx.callSubOrchestrator('LedgerCall');
          break;
        case 'call-unlocked':
          await ctx.callEntity('@ledger@c', 'append', 'x');
          break;
        case 'parallel-calls':
          await ctx.all([ctx.callEntity('@ledger@a', 'append', '1'), ctx.callEntity('@ledger@a', 'append', '2')]);
          break;
        case 'signal-locked':
          ctx.signalEntity('@ledger@b', 'append', 'x');
          break;
      }
      return 'no violation';
    } catch (error) {
      return `${(error as { code?: string }).code}: ${(error as Error).message}`;
    } finally {
      lock.release();
    }
  }
}

/** Calls the ledger and reports what came back, failures included. */
@Orchestrator('LedgerCall')
export class LedgerCall {
  async run(ctx: OrchestrationContext): Promise<unknown> {
    const first = await ctx.callEntity<number>('@ledger@calls', 'append', 'one');
    let failure: unknown;
    try {
      await ctx.callEntity('@ledger@calls', 'fail', 'two');
    } catch (error) {
      failure = { code: (error as { code: string }).code, message: (error as Error).message };
    }
    const third = await ctx.callEntity<number>('@ledger@calls', 'append', 'three');
    return { first, failure, third };
  }
}

/** Takes a lock and then waits for an event that never comes: for terminate-releases-lock. */
@Orchestrator('HoldLock')
export class HoldLock {
  async run(ctx: OrchestrationContext<string>): Promise<string> {
    const lock = await ctx.lock(`@ledger@${ctx.getInput()}`);
    await ctx.waitForExternalEvent('Never');
    lock.release();
    return 'released';
  }
}

/** Locks, appends and releases: completes only if nobody else holds the lock. */
@Orchestrator('UseLock')
export class UseLock {
  async run(ctx: OrchestrationContext<string>): Promise<number> {
    const key = `@ledger@${ctx.getInput()}`;
    const lock = await ctx.lock(key);
    const count = await ctx.callEntity<number>(key, 'append', 'used');
    lock.release();
    return count;
  }
}

export const entityTestFunctions = [Ledger, BreakLockingRule, LedgerCall, HoldLock, UseLock];
