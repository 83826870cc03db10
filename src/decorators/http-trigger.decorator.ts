import 'reflect-metadata';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { applyInjectable } from './apply-injectable';
import type { ActivityMemberKind } from './decorator-metadata';
import { legacyClassDecorator, legacyMethodDecorator } from './legacy-decorator';
import {
  AUTH_LEVELS,
  HTTP_METHODS,
  HTTP_TRIGGER_METHODS_METADATA_KEY,
  HTTP_TRIGGERS_METADATA_KEY,
  type AuthLevel,
  type HttpMethod,
  type HttpTriggerMethodMetadata,
} from './http-trigger-metadata';

export interface HttpTriggerOptions {
  /**
   * Route template under the app's route prefix (`extensions.http.routePrefix`, default `api`),
   * in Azure Functions syntax: literal segments and `{name}` parameters; the last segment may be
   * optional, `{name?}`. Example: `orchestrators/{functionName}/{instanceId?}`.
   */
  readonly route: string;
  /** Defaults to GET and POST, as in Azure Functions. */
  readonly methods?: readonly HttpMethod[];
  /**
   * Who may call it: `'function'` (the default) needs a function key or the system key when any
   * key is configured; `'admin'` needs the system key when one is configured; `'anonymous'` needs none.
   */
  readonly authLevel?: AuthLevel;
}

/**
 * Marks a class whose `@HttpTrigger` methods answer HTTP requests. Needed (besides marking) so
 * that the class has constructor metadata and tsyringe can inject its constructor parameters
 * (a `DurableClient`, say). The symmetric twin of `@Activities()`.
 * @throws CompilerOptionsError at decoration time when compiled without `experimentalDecorators`.
 */
export function HttpTriggers(): ClassDecorator {
  return legacyClassDecorator('@HttpTriggers', (target) => {
    Reflect.defineMetadata(HTTP_TRIGGERS_METADATA_KEY, true, target);
    applyInjectable(target);
  });
}

/**
 * Declares an HTTP-triggered function: an instance method of an `@HttpTriggers()` class, called
 * with the request and the durable HTTP helpers. Records metadata only; the HTTP server reads it.
 * @throws InvalidArgumentError at decoration time when the options are not of the documented shape.
 * @throws CompilerOptionsError at decoration time when compiled without `experimentalDecorators`.
 */
export function HttpTrigger(options: HttpTriggerOptions): MethodDecorator {
  const route = checkedRoute(options);
  const methods = checkedMethods(options.methods);
  const authLevel = checkedAuthLevel((options as { authLevel?: unknown }).authLevel);
  return legacyMethodDecorator('@HttpTrigger', (target, propertyKey, descriptor) => {
    const isStatic = typeof target === 'function';
    const owner: object = isStatic ? target : target.constructor;
    const entry: HttpTriggerMethodMetadata = { route, methods, authLevel, method: propertyKey, memberKind: memberKindOf(isStatic, descriptor) };
    // Copy on write: never append to a list inherited from a base class.
    const inherited: unknown = Reflect.getMetadata(HTTP_TRIGGER_METHODS_METADATA_KEY, owner);
    const list: readonly HttpTriggerMethodMetadata[] = Array.isArray(inherited) ? inherited : [];
    Reflect.defineMetadata(HTTP_TRIGGER_METHODS_METADATA_KEY, [...list, entry], owner);
  });
}

function checkedRoute(options: unknown): string {
  const route: unknown = typeof options === 'object' && options !== null ? (options as { route?: unknown }).route : undefined;
  if (typeof route !== 'string') {
    throw new InvalidArgumentError('@HttpTrigger options', "expected { route: string, methods?: string[] }, e.g. { route: 'orders/{id}' }");
  }
  return route;
}

function checkedAuthLevel(level: unknown): AuthLevel {
  if (level === undefined) return 'function';
  if (!(AUTH_LEVELS as readonly unknown[]).includes(level)) {
    throw new InvalidArgumentError('@HttpTrigger authLevel', `${JSON.stringify(level)} is not one of ${AUTH_LEVELS.join(', ')}`);
  }
  return level as AuthLevel;
}

function checkedMethods(methods: unknown): readonly HttpMethod[] {
  if (methods === undefined) return ['GET', 'POST'];
  if (!Array.isArray(methods) || methods.length === 0) {
    throw new InvalidArgumentError('@HttpTrigger methods', `expected a non-empty array of ${HTTP_METHODS.join(', ')}`);
  }
  const seen = new Set<HttpMethod>();
  for (const m of methods as unknown[]) {
    const upper = typeof m === 'string' ? m.toUpperCase() : m;
    if (!(HTTP_METHODS as readonly unknown[]).includes(upper)) {
      throw new InvalidArgumentError('@HttpTrigger methods', `${JSON.stringify(m)} is not one of ${HTTP_METHODS.join(', ')}`);
    }
    seen.add(upper as HttpMethod);
  }
  return [...seen];
}

function memberKindOf(isStatic: boolean, descriptor: PropertyDescriptor | undefined): ActivityMemberKind {
  if (descriptor === undefined) return 'property';
  if (descriptor.get !== undefined || descriptor.set !== undefined) return 'accessor';
  if (typeof descriptor.value !== 'function') return 'property';
  return isStatic ? 'static-method' : 'method';
}
