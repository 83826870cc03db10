import { DurableError } from './durable-error';
import { summarizeFailure, type FailureDetails } from '../failure-details';

/** What an orchestration receives when an entity operation it called threw. */
export class EntityOperationFailedError extends DurableError {
  readonly code = 'ENTITY_OPERATION_FAILED' as const;
  constructor(
    readonly entityId: string,
    readonly operation: string,
    readonly failureDetails: FailureDetails,
  ) {
    super(`Operation '${operation}' of entity '${entityId}' failed: ${summarizeFailure(failureDetails)}`);
  }
}
