import { Activities, Activity, inject, registry } from 'durable-ts';
import { APPROVAL_SERVICE, LoggingApprovalService, type ApprovalService } from './approval-service';

/** Input of ProcessApproval. */
export interface ApprovalDecision {
  readonly subject: string;
  readonly approved: boolean;
}

/**
 * Activities of the Durable Functions human interaction sample: RequestApproval,
 * ProcessApproval and Escalate. The logging service is the default (see APPROVAL_SERVICE).
 */
@Activities()
@registry([{ token: APPROVAL_SERVICE, useClass: LoggingApprovalService }])
export class ApprovalActivities {
  constructor(@inject(APPROVAL_SERVICE) private readonly approvals: ApprovalService) {}

  @Activity('RequestApproval')
  async requestApproval(subject: string): Promise<void> {
    await this.approvals.requestApproval(subject);
  }

  @Activity('ProcessApproval')
  async processApproval(decision: ApprovalDecision): Promise<void> {
    await this.approvals.processApproval(decision.subject, decision.approved);
  }

  @Activity('Escalate')
  async escalate(subject: string): Promise<void> {
    await this.approvals.escalate(subject);
  }
}
