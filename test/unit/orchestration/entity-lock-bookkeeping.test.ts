import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/model/history-event';
import { newHistoryEvent } from '../../../src/model/history-event-factory';
import type { OrchestrationContext } from '../../../src/orchestration/orchestration-context';
import { OrchestrationExecutor } from '../../../src/orchestration/orchestration-executor';
import type { OrchestratorAction } from '../../../src/orchestration/orchestrator-action';

const T = '2026-01-01T00:00:00.000Z';
const CYCLES = 10_000;

/** Locks an entity, calls it inside the critical section and unlocks it, again and again. */
async function lockLoop(ctx: OrchestrationContext): Promise<number> {
  let total = 0;
  for (let i = 0; i < CYCLES; i++) {
    const lock = await ctx.lock('@counter@a');
    total += await ctx.callEntity<number>('@counter@a', 'add', 1);
    lock.release();
  }
  return total;
}

/** The answer an entity would send to the one lock request or call among `actions`. */
function answer(actions: readonly OrchestratorAction[]): HistoryEvent {
  const message = actions.find((a) => a.kind === 'SendEntityMessage' && a.name !== '@unlock');
  if (message?.kind !== 'SendEntityMessage') throw new Error(`expected a lock request or a call, got ${JSON.stringify(actions)}`);
  if (message.message.type === 'EntityLockRequested') {
    return newHistoryEvent({ type: 'EntityLockGranted', taskScheduledId: message.id, criticalSectionId: message.message.criticalSectionId, lockSet: message.message.lockSet }, T);
  }
  return newHistoryEvent({ type: 'EntityOperationCompleted', taskScheduledId: message.id, result: '1' }, T);
}

describe('entity lock bookkeeping', () => {
  it(`stays flat over ${CYCLES} lock/call/unlock cycles in one orchestration`, async () => {
    const executor = new OrchestrationExecutor({ instanceId: 'i', orchestrator: lockLoop });
    let result = await executor.execute([], [newHistoryEvent({ type: 'OrchestratorStarted' }, T), newHistoryEvent({ type: 'ExecutionStarted', name: 'O', instanceId: 'i', executionId: 'e' }, T)]);
    let episodes = 0;
    let mostInFlight = 0;
    while (result.completion === undefined) {
      result = await executor.execute([], [newHistoryEvent({ type: 'OrchestratorStarted' }, T), answer(result.actions)]);
      episodes++;
      mostInFlight = Math.max(mostInFlight, executor.inFlight);
    }
    expect(result.completion).toEqual({ status: 'Completed', result: String(CYCLES) });
    expect(episodes).toBe(2 * CYCLES);
    // Only the one request waiting for its answer is tracked (its open task and its entity
    // bookkeeping entry), in the first cycle as in the last: nothing accumulates.
    expect(mostInFlight).toBe(2);
    expect(executor.inFlight).toBe(0);
  });
});
