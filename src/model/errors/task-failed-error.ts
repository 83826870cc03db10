import { DurableError } from './durable-error';
import { summarizeFailure, type FailureDetails } from '../failure-details';

/** What an orchestrator receives when an activity (or sub-orchestration) it awaited threw. */
export class TaskFailedError extends DurableError {
  readonly code = 'TASK_FAILED' as const;
  constructor(
    readonly taskName: string,
    readonly taskId: number,
    readonly failureDetails: FailureDetails,
  ) {
    super(`Task '${taskName}' (id ${taskId}) failed: ${summarizeFailure(failureDetails)}`);
  }
}
