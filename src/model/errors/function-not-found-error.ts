import { DurableError } from './durable-error';

export type FunctionKind = 'orchestrator' | 'activity' | 'entity';

const PLURALS: Record<FunctionKind, string> = { orchestrator: 'orchestrators', activity: 'activities', entity: 'entities' };

/** A function was called or started by a name that no registered class declares. */
export class FunctionNotFoundError extends DurableError {
  readonly code = 'FUNCTION_NOT_FOUND' as const;
  constructor(
    readonly kind: FunctionKind,
    readonly functionName: string,
    readonly knownNames: readonly string[],
  ) {
    super(
      `No ${kind} named '${functionName}' is registered. ` +
        (knownNames.length > 0 ? `Registered ${PLURALS[kind]}: ${knownNames.join(', ')}.` : `No ${PLURALS[kind]} are registered.`),
    );
  }
}
