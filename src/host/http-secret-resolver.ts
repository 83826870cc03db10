/**
 * Supplies the values of the secrets that durable HTTP calls name in `secretHeaders`. It runs in
 * the built-in HTTP activity when a request is sent, so values never reach history. Register your
 * own under HTTP_SECRET_RESOLVER in the container given to createDurableHost (a vault client, say).
 */
export interface HttpSecretResolver {
  /** The secret's value, or undefined when there is no such secret (the call then fails). */
  resolve(name: string): string | undefined | Promise<string | undefined>;
}

/** Token for `@inject(HTTP_SECRET_RESOLVER)` / `container.register(HTTP_SECRET_RESOLVER, …)`. */
export const HTTP_SECRET_RESOLVER = Symbol.for('durable-ts:HttpSecretResolver');

/** Prefix of the environment variables the default resolver reads. */
export const HTTP_SECRET_ENV_PREFIX = 'DURABLE_SECRET_';

/** `api-token` → `DURABLE_SECRET_API_TOKEN`: upper case, every character but A-Z and 0-9 becomes `_`. */
export function httpSecretEnvVariable(name: string): string {
  return HTTP_SECRET_ENV_PREFIX + name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** The default resolver: secret `name` is the environment variable `DURABLE_SECRET_<NAME>`, read at call time. */
export class EnvironmentHttpSecretResolver implements HttpSecretResolver {
  constructor(private readonly env: Readonly<Record<string, string | undefined>> = process.env) {}

  resolve(name: string): string | undefined {
    const value = this.env[httpSecretEnvVariable(name)];
    return value === undefined || value === '' ? undefined : value;
  }

  /** Where `name` is looked for, for error messages. */
  describe(name: string): string {
    return `set the environment variable ${httpSecretEnvVariable(name)}, or register an HttpSecretResolver under HTTP_SECRET_RESOLVER`;
  }
}
