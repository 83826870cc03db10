import { DurableError } from './durable-error';

/** host.json or the environment holds a setting that is unknown or out of range. */
export class ConfigurationError extends DurableError {
  readonly code = 'CONFIGURATION_INVALID' as const;
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}
