import { Activities, Activity, Entity, Orchestrator, type OrchestrationContext } from 'durable-ts';

/** A gate the `Gated` activity waits on; swap `gate.current` for an open one before a host should finish it. */
export class ActivityGate {
  started = false;
  private opened!: () => void;
  readonly promise = new Promise<void>((resolve) => (this.opened = resolve));
  open(): void {
    this.opened();
  }
}
export const gate = { current: new ActivityGate() };

@Activities()
export class TransferActivities {
  @Activity('Greet')
  greet(name: string): string {
    return `Hello ${name}`;
  }

  @Activity('Boom')
  boom(what: string): string {
    throw new RangeError(`cannot ${what}`);
  }

  @Activity('Gated')
  async gated(value: string): Promise<string> {
    const current = gate.current;
    current.started = true;
    await current.promise;
    return `passed ${value}`;
  }
}

/** Completes after two activities. */
@Orchestrator('Greetings')
export class Greetings {
  async run(ctx: OrchestrationContext<string>): Promise<string[]> {
    return [await ctx.callActivity<string>('Greet', ctx.getInput()), await ctx.callActivity<string>('Greet', `${ctx.getInput()}!`)];
  }
}

/** Fails through a failing activity. */
@Orchestrator('Failing')
export class Failing {
  async run(ctx: OrchestrationContext<string>): Promise<string> {
    return ctx.callActivity<string>('Boom', ctx.getInput());
  }
}

/** Waits on a durable timer `input` ms after it starts. */
@Orchestrator('Sleeper')
export class Sleeper {
  async run(ctx: OrchestrationContext<number>): Promise<string> {
    await ctx.createTimer(new Date(ctx.currentUtcDateTime.getTime() + ctx.getInput()));
    return 'woke up';
  }
}

/** Waits for the `Go` event. */
@Orchestrator('Waiter')
export class Waiter {
  async run(ctx: OrchestrationContext<void>): Promise<unknown> {
    ctx.setCustomStatus('waiting');
    const go = await ctx.waitForExternalEvent<unknown>('Go');
    return { go };
  }
}

/** Runs the `Gated` activity: Running until the gate opens. */
@Orchestrator('GatedRun')
export class GatedRun {
  async run(ctx: OrchestrationContext<string>): Promise<string> {
    return ctx.callActivity<string>('Gated', ctx.getInput());
  }
}

@Entity('Tally')
export class Tally {
  value = 0;
  add(amount: number): void {
    this.value += amount;
  }
}

export const transferFunctions = [TransferActivities, Greetings, Failing, Sleeper, Waiter, GatedRun, Tally];
