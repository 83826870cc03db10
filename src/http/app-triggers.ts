import { readHttpTriggerClass, type AuthLevel, type HttpMethod, type HttpTriggerClassMetadata, type HttpTriggerMethodMetadata } from '../decorators/http-trigger-metadata';
import { InvalidRegistrationError } from '../model/errors/invalid-registration-error';
import { convertRouteTemplate } from './route-template';

/** A class with `@HttpTriggers()`, constructed by the app's container (its parameters are injected). */
export type TriggerClass = new (...args: never[]) => object;

/** The app's HTTP trigger classes and how to get an instance of one. */
export interface AppTriggerSource {
  /**
   * The trigger classes: either the classes themselves, or their metadata as the function
   * registry already read it (`registry.httpTriggers()`, what the host passes).
   */
  readonly classes: ReadonlyArray<TriggerClass | HttpTriggerClassMetadata>;
  /**
   * Builds an instance of a trigger class, e.g. `(cls) => container.resolve(cls)`. Called once per
   * class when the server is created (to fail early) and once per request; it must return an object.
   */
  readonly resolve: (cls: TriggerClass) => unknown;
}

/** One route an `@HttpTrigger` method answers. */
export interface AppTrigger {
  readonly cls: TriggerClass;
  readonly method: string | symbol;
  /** `Class.method`, for messages. */
  readonly declaredAt: string;
  readonly methods: readonly HttpMethod[];
  readonly authLevel: AuthLevel;
  /** The fastify path, route prefix included. */
  readonly path: string;
}

/**
 * Reads the `@HttpTrigger` methods of the given classes into routes under `routePrefix`.
 * @throws InvalidRegistrationError naming the class or method when a class lacks `@HttpTriggers()`,
 *   a trigger is not an instance method, a route template is not supported, or two triggers
 *   answer the same method and path.
 */
export function collectAppTriggers(classes: ReadonlyArray<TriggerClass | HttpTriggerClassMetadata>, routePrefix: string): AppTrigger[] {
  const triggers: AppTrigger[] = [];
  const taken = new Map<string, string>();
  classes.forEach((entry: unknown, index) => {
    const declared = typeof entry === 'object' && entry !== null && 'cls' in entry ? (entry as HttpTriggerClassMetadata) : undefined;
    const cls: unknown = declared?.cls ?? entry;
    if (typeof cls !== 'function') {
      throw new InvalidRegistrationError(`httpTriggers[${index}]`, `expected a class, got ${cls === null ? 'null' : typeof cls} (a circular import?)`);
    }
    const className = cls.name || '(anonymous class)';
    const { decorated, methods } = declared ?? readHttpTriggerClass(cls) ?? { decorated: false, methods: [] };
    if (!decorated) {
      const hint = methods.length > 0 ? 'add @HttpTriggers() to the class' : 'it has no @HttpTriggers() decorator and no @HttpTrigger methods';
      throw new InvalidRegistrationError(className, `is listed as an HTTP trigger class but ${hint}`);
    }
    if (methods.length === 0) throw new InvalidRegistrationError(className, 'has @HttpTriggers() but no @HttpTrigger methods');
    for (const m of methods) {
      const trigger = toTrigger(cls as TriggerClass, className, m, routePrefix);
      for (const { key, method } of routeKeys(trigger)) {
        const other = taken.get(key);
        if (other !== undefined) throw new InvalidRegistrationError(trigger.declaredAt, `answers ${method} ${trigger.path}, and so does ${other}; give one of them another route or method`);
        taken.set(key, trigger.declaredAt);
      }
      triggers.push(trigger);
    }
  });
  return triggers;
}

function toTrigger(cls: TriggerClass, className: string, m: HttpTriggerMethodMetadata, routePrefix: string): AppTrigger {
  const declaredAt = `${className}.${String(m.method)}`;
  if (m.memberKind !== 'method') {
    throw new InvalidRegistrationError(declaredAt, `@HttpTrigger is on a ${m.memberKind.replace('-', ' ')}; HTTP triggers are instance methods`);
  }
  const converted = convertRouteTemplate(routePrefix, m.route);
  if ('problem' in converted) throw new InvalidRegistrationError(declaredAt, `its route ${JSON.stringify(m.route)} cannot be used: ${converted.problem}`);
  return { cls, method: m.method, declaredAt, methods: m.methods, authLevel: m.authLevel ?? 'function', path: converted.path };
}

/** `GET /api/orders/:` style keys (parameter names do not matter to the router), one per path an optional parameter makes. */
function routeKeys(trigger: AppTrigger): { key: string; method: HttpMethod }[] {
  const shape = trigger.path.toLowerCase().replace(/:[A-Za-z0-9_]+/g, ':');
  const paths = shape.endsWith(':?') ? [shape.slice(0, -2).replace(/\/$/, ''), shape.slice(0, -1)] : [shape];
  return trigger.methods.flatMap((method) => paths.map((path) => ({ key: `${method} ${path}`, method })));
}
