/** Codes of the errors the command line itself raises (the framework's errors keep their own codes). */
export type CliErrorCode =
  | 'HUB_NOT_FOUND'
  | 'ENTITY_NOT_FOUND'
  | 'NOT_AVAILABLE_REMOTELY'
  | 'CONFIRMATION_REQUIRED'
  | 'REMOTE_UNREACHABLE'
  // durable export / import / verify
  | 'FILE_NOT_FOUND'
  | 'EXPORT_INVALID'
  | 'EXPORT_INCOMPLETE'
  | 'IMPORT_CONFLICT'
  | 'VERIFY_MISMATCH';

/** A refusal of the `durable` command: printed as `CODE: message`, exit status 1. */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * An error answer of a server in the remote mode (`--url`): its `error` code and message are shown
 * as the server gave them, so a script sees the same code locally and remotely.
 */
export class RemoteProblemError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'RemoteProblemError';
  }
}
