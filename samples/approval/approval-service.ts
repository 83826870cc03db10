import { DURABLE_LOGGER, inject, injectable, type Logger } from 'durable-ts';

/**
 * Where the Durable Functions human interaction sample (ApprovalWorkflow) asks for approval,
 * acts on the decision and escalates. Register another ApprovalService under APPROVAL_SERVICE to
 * reach real people; the default logs and records each step.
 */
export interface ApprovalService {
  requestApproval(subject: string): Promise<void> | void;
  processApproval(subject: string, approved: boolean): Promise<void> | void;
  escalate(subject: string): Promise<void> | void;
}

/** Injection token of the approval channel (`@inject(APPROVAL_SERVICE)`). */
export const APPROVAL_SERVICE = Symbol.for('durable-ts-samples:ApprovalService');

export type ApprovalStep =
  | { readonly step: 'requested'; readonly subject: string }
  | { readonly step: 'processed'; readonly subject: string; readonly approved: boolean }
  | { readonly step: 'escalated'; readonly subject: string };

/** Writes each step to the host's log and keeps it in `steps`. */
@injectable()
export class LoggingApprovalService implements ApprovalService {
  readonly steps: ApprovalStep[] = [];

  constructor(@inject(DURABLE_LOGGER) private readonly logger: Logger) {}

  requestApproval(subject: string): void {
    this.record({ step: 'requested', subject }, `Approval requested for ${subject}`);
  }

  processApproval(subject: string, approved: boolean): void {
    this.record({ step: 'processed', subject, approved }, `${subject} was ${approved ? 'approved' : 'rejected'}`);
  }

  escalate(subject: string): void {
    this.record({ step: 'escalated', subject }, `No decision on ${subject} in time: escalated`);
  }

  private record(step: ApprovalStep, message: string): void {
    this.steps.push(step);
    this.logger.info({ event: 'sample.approval', ...step }, message);
  }
}
