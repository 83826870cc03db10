import { truncateText } from './text-limits';
import { previewValue, typeNameOf } from './value-preview';

/** What is kept of a thrown error in history and status output: the documented DTFx shape. */
export interface FailureDetails {
  /** The error's `name`, e.g. `TypeError` or a user class name. */
  readonly errorType: string;
  readonly message: string;
  readonly stackTrace?: string;
  /** The failure that caused this one (a failed activity inside a failed orchestration, say). */
  readonly innerFailure?: FailureDetails;
}

/** Longest message kept; the rest is cut with a `… [truncated N characters]` marker. */
export const MAX_FAILURE_MESSAGE_CHARS = 16 * 1024;
/** Longest stack trace kept, cut the same way. */
export const MAX_FAILURE_STACK_CHARS = 32 * 1024;
/**
 * How much of the message the stack's first line and a wrapping error's message (TaskFailedError,
 * EntityOperationFailedError) repeat: the whole message is stored once, in `message`.
 */
export const REPEATED_MESSAGE_CHARS = 512;

/**
 * Captures a thrown value of any kind as FailureDetails, bounded in size. A value that is not an
 * Error gets its type name (a class name, or `typeof`) and a safe preview of its content.
 */
export function toFailureDetails(error: unknown): FailureDetails {
  if (error instanceof Error) {
    const rawMessage = typeof error.message === 'string' ? error.message : previewValue(error.message);
    const details: FailureDetails = {
      errorType: error.name || 'Error',
      message: truncateText(rawMessage, MAX_FAILURE_MESSAGE_CHARS),
      ...(typeof error.stack === 'string' ? { stackTrace: boundStack(error.stack, rawMessage) } : {}),
    };
    const inner = (error as { failureDetails?: FailureDetails }).failureDetails;
    return inner !== undefined && inner !== details ? { ...details, innerFailure: inner } : details;
  }
  const text = typeof error === 'string' ? error : typeof error === 'object' && error !== null ? `Non-error value thrown: ${previewValue(error)}` : String(error);
  return { errorType: typeNameOf(error), message: truncateText(text, MAX_FAILURE_MESSAGE_CHARS) };
}

/** `TypeError: message` with the message shortened: for errors that wrap another one's details. */
export function summarizeFailure(details: FailureDetails): string {
  return `${details.errorType}: ${truncateText(details.message, REPEATED_MESSAGE_CHARS)}`;
}

/** The stack with its copy of a long message shortened (V8 starts it with `Name: message`), then capped. */
function boundStack(stack: string, message: string): string {
  let bounded = stack;
  if (message.length > REPEATED_MESSAGE_CHARS) {
    const at = stack.indexOf(message);
    if (at >= 0 && at <= 256) bounded = stack.slice(0, at) + truncateText(message, REPEATED_MESSAGE_CHARS) + stack.slice(at + message.length);
  }
  return truncateText(bounded, MAX_FAILURE_STACK_CHARS);
}
