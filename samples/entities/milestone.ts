import { Activities, Activity, Entity, Orchestrator, entityContextOf, type OrchestrationContext } from 'durable-ts';

export const MILESTONE = 100;

export interface MilestoneInput {
  readonly counter: string;
  readonly value: number;
}

/** A counter that tells a monitor entity, and starts MilestoneReached, when it crosses 100. */
@Entity('MonitoredCounter')
export class MonitoredCounter {
  value = 0;

  add(amount: number): number {
    const before = this.value;
    this.value += amount;
    if (before < MILESTONE && this.value >= MILESTONE) {
      const context = entityContextOf(this);
      const milestone: MilestoneInput = { counter: context.entityKey, value: this.value };
      context.signalEntity(`@milestonemonitor@${context.entityKey}`, 'record', milestone);
      context.startNewOrchestration('MilestoneReached', milestone, `milestone-${context.entityKey}`);
    }
    return this.value;
  }

  get(): number {
    return this.value;
  }
}

/** Keeps the milestones its counter reported. */
@Entity('MilestoneMonitor')
export class MilestoneMonitor {
  reached: MilestoneInput[] = [];

  record(milestone: MilestoneInput): void {
    this.reached.push(milestone);
  }
}

@Activities()
export class MilestoneActivities {
  @Activity('AnnounceMilestone')
  announce(milestone: MilestoneInput): string {
    return `counter ${milestone.counter} reached ${milestone.value}`;
  }
}

@Orchestrator('MilestoneReached')
export class MilestoneReached {
  async run(ctx: OrchestrationContext<MilestoneInput>): Promise<string> {
    return ctx.callActivity<string>('AnnounceMilestone', ctx.getInput());
  }
}
