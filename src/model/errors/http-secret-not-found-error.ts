import { ConfigurationError } from './configuration-error';

/**
 * A durable HTTP call named a secret (`secretHeaders`) that the host's HttpSecretResolver does
 * not know. Raised in the built-in HTTP activity, so the orchestrator sees it as a TaskFailedError
 * whose `failureDetails.errorType` is `HttpSecretNotFoundError`. The message names the secret and
 * where it was looked for, never a value.
 */
export class HttpSecretNotFoundError extends ConfigurationError {
  constructor(
    readonly secretName: string,
    readonly header: string,
    hint: string,
  ) {
    super(`The secret '${secretName}' (for the ${header} header of a durable HTTP call) is not known: ${hint}`, [`secret '${secretName}'`]);
  }
}
