/** What is kept of a thrown error in history and status output: the documented DTFx shape. */
export interface FailureDetails {
  /** The error's `name`, e.g. `TypeError` or a user class name. */
  readonly errorType: string;
  readonly message: string;
  readonly stackTrace?: string;
  /** The failure that caused this one (a failed activity inside a failed orchestration, say). */
  readonly innerFailure?: FailureDetails;
}

/** Captures a thrown value of any kind as FailureDetails. */
export function toFailureDetails(error: unknown): FailureDetails {
  if (error instanceof Error) {
    const details: FailureDetails = {
      errorType: error.name || 'Error',
      message: error.message,
      ...(error.stack !== undefined ? { stackTrace: error.stack } : {}),
    };
    const inner = (error as { failureDetails?: FailureDetails }).failureDetails;
    return inner !== undefined && inner !== details ? { ...details, innerFailure: inner } : details;
  }
  return { errorType: typeof error, message: String(error) };
}
