import { afterEach, describe, expect, it } from 'vitest';
import { Entity, defineEntity, entityContextOf } from 'durable-ts';
import { pinoCapture } from '../../support/pino-capture';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';

/** Records what `hasState` said before and after each operation changed the state. */
@Entity('StateProbe')
export class StateProbe {
  seen: string[] = [];

  touch(): void {
    this.seen.push(`touch:${String(entityContextOf(this).hasState)}`);
  }

  fail(): void {
    this.seen.push('never kept');
    throw new Error('the fail operation always fails');
  }

  remove(): void {
    const ctx = entityContextOf(this);
    ctx.deleteState();
    // After deleteState the entity has no state, even within the same operation.
    if (ctx.hasState) throw new Error('hasState stayed true after deleteState');
  }
}

/** A function-based entity whose `hasState` follows setState and deleteState within the operation. */
const FnProbe = defineEntity<string[]>('FnProbe', (ctx) => {
  const before = ctx.hasState;
  const state = ctx.getState(() => []) ?? [];
  ctx.setState([...state, `${ctx.operationName}:${String(before)}:${String(ctx.hasState)}`]);
});

describe('entity context', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('hasState is false for a new entity, true once it has state, false after deleteState', async () => {
    t = await startTestHost([StateProbe, FnProbe]);
    const client = t.host.client;
    await client.signalEntity('@stateprobe@p', 'touch');
    await client.signalEntity('@stateprobe@p', 'touch');
    const state = await waitFor(async () => {
      const s = await client.readEntityState<{ seen: string[] }>('@stateprobe@p');
      return s.entityState?.seen.length === 2 ? s.entityState : undefined;
    }, 'two touches');
    expect(state.seen).toEqual(['touch:false', 'touch:true']);
    await client.signalEntity('@stateprobe@p', 'remove');
    await waitFor(async () => !(await client.readEntityState('@stateprobe@p')).entityExists, 'the delete');

    await client.signalEntity('@fnprobe@f', 'first');
    await client.signalEntity('@fnprobe@f', 'second');
    const fn = await waitFor(async () => {
      const s = await client.readEntityState<string[]>('@fnprobe@f');
      return s.entityState?.length === 2 ? s.entityState : undefined;
    }, 'two operations');
    expect(fn).toEqual(['first:false:true', 'second:true:true']);
  });

  it('logs a failed signalled operation once, as a warning with the operation, the entity id and the error, and rolls its changes back', async () => {
    const { logger, events } = pinoCapture('info');
    t = await startTestHost([StateProbe], {}, { logger });
    const client = t.host.client;
    await client.signalEntity('@stateprobe@f', 'touch');
    await client.signalEntity('@stateprobe@f', 'fail');
    await client.signalEntity('@stateprobe@f', 'touch');
    const state = await waitFor(async () => {
      const s = await client.readEntityState<{ seen: string[] }>('@stateprobe@f');
      return s.entityState?.seen.length === 2 ? s.entityState : undefined;
    }, 'the operations around the failing one');
    expect(state.seen).toEqual(['touch:false', 'touch:true']);
    const failed = await waitFor(() => events('entity.signal.failed')[0], 'the failure log line');
    expect(failed).toMatchObject({ level: 40, entityId: '@stateprobe@f', operation: 'fail', err: { type: 'Error', message: 'the fail operation always fails' } });
    expect(String((failed['err'] as { stack?: unknown }).stack)).toContain('the fail operation always fails');
    expect(events('entity.signal.failed')).toHaveLength(1);
  });
});
