/** A class that can be constructed (by tsyringe) with some constructor arguments. */
export type Constructor<T = object> = new (...args: never[]) => T;

/** The kinds of durable function. */
export type FunctionKind = 'orchestrator' | 'activity' | 'entity';

/** One durable function found on a decorated class. */
export interface FunctionRegistration {
  readonly kind: FunctionKind;
  /** The function name as declared (lookups ignore case; this keeps the declared spelling). */
  readonly name: string;
  /** The class to resolve from the container. */
  readonly target: Constructor;
  /** `'run'` for orchestrators, the decorated method for activities, `''` for entities. */
  readonly method: string | symbol;
  /** Where it was declared, for messages: `'Greetings.sayHello'` or `'HelloSequence'`. */
  readonly declaredAt: string;
  /** An orchestrator's version from `@Orchestrator(name, { version })`. */
  readonly version?: string;
}
