import { DurableError } from './durable-error';

/** Two decorated functions share one name (names are compared case-insensitively). */
export class DuplicateFunctionNameError extends DurableError {
  readonly code = 'DUPLICATE_FUNCTION_NAME' as const;
  constructor(
    readonly functionName: string,
    readonly firstDeclaration: string,
    readonly secondDeclaration: string,
  ) {
    super(
      `Function name '${functionName}' is declared twice: by ${firstDeclaration} and by ${secondDeclaration}. ` +
        'Function names must be unique (case-insensitively) across orchestrators, activities and entities.',
    );
  }
}
