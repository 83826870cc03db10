import 'reflect-metadata';
import type { ActivityMemberKind } from './decorator-metadata';

/** The HTTP methods an `@HttpTrigger` can answer. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Who may call an HTTP trigger, in Azure Functions' vocabulary. */
export const AUTH_LEVELS = ['anonymous', 'function', 'admin'] as const;

/** `anonymous`: anyone; `function`: a function key or the system key; `admin`: the system key. */
export type AuthLevel = (typeof AUTH_LEVELS)[number];

/** On an `@HttpTriggers()` class: `true`. */
export const HTTP_TRIGGERS_METADATA_KEY: unique symbol = Symbol.for('durable-ts:http-triggers');

/** On a class with `@HttpTrigger` members: `readonly HttpTriggerMethodMetadata[]` (copied on write). */
export const HTTP_TRIGGER_METHODS_METADATA_KEY: unique symbol = Symbol.for('durable-ts:http-trigger-methods');

/** What `@HttpTrigger` records, one entry per decorated member, on the class constructor. */
export interface HttpTriggerMethodMetadata {
  /** The route template as written, e.g. `orchestrators/{functionName}/{instanceId?}`. */
  readonly route: string;
  readonly methods: readonly HttpMethod[];
  /** Absent in metadata written before auth levels existed: read as `'function'`. */
  readonly authLevel?: AuthLevel;
  readonly method: string | symbol;
  /** Only `'method'` is usable; the others are recorded so the HTTP layer can name the mistake. */
  readonly memberKind: ActivityMemberKind;
}

/** What a class declares for HTTP: read once, by the registry, then handed to the HTTP layer. */
export interface HttpTriggerClassMetadata {
  readonly cls: Function;
  /** Whether the class itself carries `@HttpTriggers()` (needed for its constructor metadata). */
  readonly decorated: boolean;
  readonly methods: readonly HttpTriggerMethodMetadata[];
}

/** The HTTP trigger metadata of `cls`, or undefined when it declares no trigger at all. */
export function readHttpTriggerClass(cls: Function): HttpTriggerClassMetadata | undefined {
  const decorated = isHttpTriggersClass(cls);
  const methods = readHttpTriggerMethods(cls);
  return decorated || methods.length > 0 ? { cls, decorated, methods } : undefined;
}

/** True when `cls` itself carries `@HttpTriggers()`. */
export function isHttpTriggersClass(cls: Function): boolean {
  return Reflect.getOwnMetadata(HTTP_TRIGGERS_METADATA_KEY, cls) === true;
}

/**
 * Every `@HttpTrigger` member of `cls`, including those inherited from decorated base classes,
 * in declaration order (base class first). Empty when there are none.
 */
export function readHttpTriggerMethods(cls: Function): readonly HttpTriggerMethodMetadata[] {
  const list: unknown = Reflect.getMetadata(HTTP_TRIGGER_METHODS_METADATA_KEY, cls);
  return Array.isArray(list) ? (list as readonly HttpTriggerMethodMetadata[]) : [];
}
