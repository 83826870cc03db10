import { Orchestrator, type OrchestrationContext } from 'durable-ts';
import type { ApprovalDecision } from './approval.activities';

/** Event that carries the decision: true to approve, false to reject. */
export const APPROVAL_EVENT = 'ApprovalEvent';
/** How long the approver has before the request is escalated. */
export const APPROVAL_TIMEOUT_MS = 72 * 60 * 60 * 1000;

export type ApprovalOutcome = 'approved' | 'rejected' | 'escalated';

/** The events the workflow waits for: typed on `ctx` and on the client's `raiseEvent`. */
export interface ApprovalEvents {
  [APPROVAL_EVENT]: boolean;
}

/**
 * The Durable Functions human interaction sample (ApprovalWorkflow): requests approval, then races
 * a 72-hour durable timer against the `ApprovalEvent`. A decision in time is processed (and the
 * timer cancelled); otherwise the request is escalated. The input names what needs approval
 * (default: the instance id).
 */
@Orchestrator('ApprovalWorkflow')
export class ApprovalWorkflow {
  async run(ctx: OrchestrationContext<string | undefined, ApprovalEvents>): Promise<ApprovalOutcome> {
    const subject = ctx.getInput() ?? ctx.instanceId;
    await ctx.callActivity('RequestApproval', subject);

    const durableTimeout = ctx.createTimer(new Date(ctx.currentUtcDateTime.getTime() + APPROVAL_TIMEOUT_MS));
    const approvalEvent = ctx.waitForExternalEvent(APPROVAL_EVENT);
    const winner = await ctx.any([approvalEvent, durableTimeout]);
    if (winner.task === approvalEvent) {
      durableTimeout.cancel();
      const approved = approvalEvent.result === true;
      await ctx.callActivity('ProcessApproval', { subject, approved } satisfies ApprovalDecision);
      return approved ? 'approved' : 'rejected';
    }
    await ctx.callActivity('Escalate', subject);
    return 'escalated';
  }
}
