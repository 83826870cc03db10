import { readHttpTriggerClass, type HttpTriggerClassMetadata } from '../decorators/http-trigger-metadata';
import { readEntityFunction } from '../decorators/define-entity';
import { DuplicateFunctionNameError } from '../model/errors/duplicate-function-name-error';
import { InvalidRegistrationError } from '../model/errors/invalid-registration-error';
import { assertConstructorMetadata } from './assert-constructor-metadata';
import { collectRegistrations } from './collect-registrations';
import { entityOperations } from './entity-operations';
import type { Constructor, FunctionKind, FunctionRegistration } from './function-registration';

/** Case-insensitive key of a function name (Durable Functions compares names ignoring case). */
function keyOf(name: string): string {
  return name.toLowerCase();
}

/**
 * Every orchestrator, activity and entity of one host, by name. Immutable; build it with
 * `buildFunctionRegistry`. Lookups ignore case; results keep the declared spelling.
 */
export class FunctionRegistry {
  private readonly byName = new Map<string, FunctionRegistration>();
  private readonly distinctClasses: readonly Constructor[];

  /** @throws DuplicateFunctionNameError when two registrations share a name (ignoring case). */
  constructor(
    registrations: readonly FunctionRegistration[],
    private readonly triggers: readonly HttpTriggerClassMetadata[] = [],
  ) {
    for (const r of registrations) {
      const existing = this.byName.get(keyOf(r.name));
      if (existing) throw new DuplicateFunctionNameError(r.name, existing.declaredAt, r.declaredAt);
      this.byName.set(keyOf(r.name), r);
    }
    this.distinctClasses = [...new Set(registrations.map((r) => r.target))];
  }

  /** The orchestrator named `name` (any case), or undefined. */
  getOrchestrator(name: string): FunctionRegistration | undefined {
    return this.get('orchestrator', name);
  }

  /** The activity named `name` (any case), or undefined. */
  getActivity(name: string): FunctionRegistration | undefined {
    return this.get('activity', name);
  }

  /** The entity named `name` (any case), or undefined. */
  getEntity(name: string): FunctionRegistration | undefined {
    return this.get('entity', name);
  }

  /**
   * The operation names (lower-case) of the class-based entity named `name`; undefined for a
   * function-based entity (`defineEntity`: its operations are only known when it runs) or an
   * unknown name.
   */
  entityOperationNames(name: string): readonly string[] | undefined {
    const reg = this.getEntity(name);
    if (reg === undefined || readEntityFunction(reg.target) !== undefined) return undefined;
    return [...entityOperations(reg.target).keys()];
  }

  /** Orchestrator names as declared, sorted. */
  orchestratorNames(): string[] {
    return this.namesOf('orchestrator');
  }

  /** Activity names as declared, sorted. */
  activityNames(): string[] {
    return this.namesOf('activity');
  }

  /** Entity names as declared, sorted. */
  entityNames(): string[] {
    return this.namesOf('entity');
  }

  /** The distinct classes that declare functions, for the host to register and resolve. */
  classes(): readonly Constructor[] {
    return this.distinctClasses;
  }

  /** The classes with HTTP triggers and what they declare, in the order they were listed. */
  httpTriggers(): readonly HttpTriggerClassMetadata[] {
    return this.triggers;
  }

  /** Every registration, in the order the classes and methods were declared. */
  all(): readonly FunctionRegistration[] {
    return [...this.byName.values()];
  }

  private get(kind: FunctionKind, name: string): FunctionRegistration | undefined {
    if (typeof name !== 'string') return undefined;
    const found = this.byName.get(keyOf(name));
    return found?.kind === kind ? found : undefined;
  }

  private namesOf(kind: FunctionKind): string[] {
    return this.all()
      .filter((r) => r.kind === kind)
      .map((r) => r.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/**
 * Builds the registry of one host from an explicit list of decorated classes (no globals).
 * A class listed twice counts once.
 * @throws InvalidRegistrationError when a class cannot be used as declared.
 * @throws DuplicateFunctionNameError when two functions share a name, ignoring case.
 * @throws CompilerOptionsError when a class has constructor parameters but no decorator metadata.
 */
export function buildFunctionRegistry(classes: readonly Constructor[]): FunctionRegistry {
  const registrations: FunctionRegistration[] = [];
  const triggers: HttpTriggerClassMetadata[] = [];
  const seen = new Set<unknown>();
  classes.forEach((cls: unknown, index) => {
    if (typeof cls !== 'function') {
      throw new InvalidRegistrationError(`classes[${index}]`, `expected a class, got ${cls === null ? 'null' : typeof cls} (a circular import?)`);
    }
    if (seen.has(cls)) return;
    seen.add(cls);
    const httpTrigger = readHttpTriggerClass(cls);
    if (httpTrigger !== undefined) triggers.push(httpTrigger);
    registrations.push(...collectRegistrations(cls as Constructor, httpTrigger));
    assertConstructorMetadata(cls);
  });
  return new FunctionRegistry(registrations, triggers);
}
