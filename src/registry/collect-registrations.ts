import type { ActivityMethodMetadata } from '../decorators/decorator-metadata';
import {
  isActivitiesClass,
  readActivityMethods,
  readEntityMetadata,
  readOrchestratorMetadata,
} from '../decorators/read-metadata';
import { InvalidRegistrationError } from '../model/errors/invalid-registration-error';
import { assertValidFunctionName } from '../model/function-name';
import type { Constructor, FunctionKind, FunctionRegistration } from './function-registration';
import type { HttpTriggerClassMetadata } from '../decorators/http-trigger-metadata';
import { entityOperations } from './entity-operations';

/**
 * Reads the durable functions declared on one class from its decorator metadata. `httpTrigger`
 * is the class's HTTP trigger metadata when it has any (read by the caller): such a class is
 * served by the HTTP layer and declares no durable function.
 * @throws InvalidRegistrationError when the class cannot be used as declared (no durable
 *   decorator, `@Activity` without `@Activities()`, an orchestrator without `run`, an invalid
 *   name, …); the message names the class and method.
 */
export function collectRegistrations(cls: Constructor, httpTrigger: HttpTriggerClassMetadata | undefined): FunctionRegistration[] {
  const className = cls.name || '(anonymous class)';
  const orchestrator = readOrchestratorMetadata(cls);
  const entity = readEntityMetadata(cls);
  const hasActivities = isActivitiesClass(cls);
  const activityMethods = readActivityMethods(cls);

  const decorators = [orchestrator && '@Orchestrator', hasActivities && '@Activities', entity && '@Entity'].filter(Boolean);
  if (httpTrigger !== undefined) {
    if (decorators.length > 0) {
      throw new InvalidRegistrationError(className, '@HttpTriggers cannot share a class with durable functions; use separate classes');
    }
    return []; // served by the HTTP layer, which reports a missing @HttpTriggers()
  }
  if (decorators.length > 1) {
    throw new InvalidRegistrationError(className, `has ${decorators.join(' and ')}; a class declares one kind of durable function, use separate classes`);
  }
  if (!hasActivities && activityMethods.length > 0) {
    const first = activityMethods[0] as ActivityMethodMetadata;
    const hint = decorators.length > 0 ? 'move the @Activity methods to a separate class decorated with @Activities()' : 'add @Activities() to the class';
    throw new InvalidRegistrationError(`${className}.${String(first.method)}`, `@Activity is used on a class without @Activities(); ${hint}`);
  }
  if (decorators.length === 0) {
    throw new InvalidRegistrationError(className, 'has no @Orchestrator, @Activities, @Entity or @HttpTriggers decorator; decorate it or remove it from the list of classes');
  }

  if (orchestrator) {
    const prototype: unknown = cls.prototype;
    if (typeof (prototype as { run?: unknown }).run !== 'function') {
      throw new InvalidRegistrationError(className, '@Orchestrator classes need a `run(ctx)` method');
    }
    const reg = registration('orchestrator', orchestrator.name, cls, 'run', className);
    return [orchestrator.version !== undefined ? { ...reg, version: orchestrator.version } : reg];
  }
  if (entity) {
    entityOperations(cls);
    return [registration('entity', entity.name, cls, '', className)];
  }
  return activityMethods.map((m) => activityRegistration(m, cls, className));
}

function activityRegistration(m: ActivityMethodMetadata, cls: Constructor, className: string): FunctionRegistration {
  const declaredAt = `${className}.${String(m.method)}`;
  switch (m.memberKind) {
    case 'method':
      return registration('activity', m.name, cls, m.method, declaredAt);
    case 'static-method':
      throw new InvalidRegistrationError(declaredAt, '@Activity is on a static method; activities are instance methods');
    case 'accessor':
      throw new InvalidRegistrationError(declaredAt, '@Activity is on a getter or setter; activities are methods');
    case 'property':
      throw new InvalidRegistrationError(declaredAt, '@Activity is on a property; activities are methods');
  }
}

function registration(
  kind: FunctionKind,
  name: string,
  target: Constructor,
  method: string | symbol,
  declaredAt: string,
): FunctionRegistration {
  if (typeof name === 'string' && name.toLowerCase().startsWith('builtin::')) {
    throw new InvalidRegistrationError(declaredAt, `the name '${name}' is reserved: names starting with 'BuiltIn::' belong to durable-ts's built-in functions`);
  }
  try {
    assertValidFunctionName(name);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidRegistrationError(declaredAt, `its ${kind} name is not valid: ${reason}`, { cause });
  }
  if (kind === 'entity' && name.includes('@')) {
    throw new InvalidRegistrationError(declaredAt, `entity name ${JSON.stringify(name)} contains '@'; entity ids are written @name@key`);
  }
  return Object.freeze({ kind, name, target, method, declaredAt });
}
