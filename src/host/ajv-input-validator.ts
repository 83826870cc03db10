import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { InputValidationError } from '../model/errors/input-validation-error';
import type { DurableSchemas, InputSchema, InputTarget, InputValidator } from '../model/input-schemas';

interface CompiledInput {
  readonly optional: boolean;
  readonly validate: ValidateFunction;
  /** The target with its names as declared (callers may spell them in another case). */
  readonly declared: InputTarget;
}

/**
 * Checks inputs with ajv against the schemas codegen wrote. Every schema is compiled once, when
 * the host is created, so a broken schema fails start-up rather than a request, and a check costs
 * one call of compiled code. Names are matched ignoring case, as the runtime matches them.
 */
export class AjvInputValidator implements InputValidator {
  private readonly compiled = new Map<string, CompiledInput>();
  readonly checksEvents: boolean;

  constructor(schemas: DurableSchemas) {
    // strict: false: the generator's output may carry annotations ajv does not know; they do not affect validation.
    const ajv = new Ajv({ strict: false, allErrors: false });
    const add = (declared: InputTarget, input: InputSchema): void => {
      this.compiled.set(keyOf(declared), { optional: input.optional, validate: ajv.compile(input.schema), declared });
    };
    for (const [name, orchestrator] of Object.entries(schemas.orchestrators)) {
      if (orchestrator.input !== undefined) add({ kind: 'orchestrator', name }, orchestrator.input);
      for (const [event, input] of Object.entries(orchestrator.events ?? {})) add({ kind: 'event', orchestrator: name, event }, input);
    }
    for (const [name, input] of Object.entries(schemas.activities)) add({ kind: 'activity', name }, input);
    for (const [entity, operations] of Object.entries(schemas.entities)) {
      for (const [operation, input] of Object.entries(operations)) add({ kind: 'entity-operation', entity, operation }, input);
    }
    this.checksEvents = Object.values(schemas.orchestrators).some((o) => Object.keys(o.events ?? {}).length > 0);
  }

  validate(target: InputTarget, value: unknown): void {
    const compiled = this.compiled.get(keyOf(target));
    if (compiled === undefined || (value === undefined && compiled.optional)) return;
    if (value !== undefined && compiled.validate(value)) return;
    const error = compiled.validate.errors?.[0];
    const what = describeTarget(compiled.declared);
    if (value === undefined || error === undefined) throw new InputValidationError(what, '$', 'a value is required');
    throw new InputValidationError(what, pathOf(error), expectation(error));
  }
}

function keyOf(target: InputTarget): string {
  switch (target.kind) {
    case 'orchestrator':
    case 'activity':
      return `${target.kind}\0${target.name.toLowerCase()}`;
    case 'event':
      return `event\0${target.orchestrator.toLowerCase()}\0${target.event.toLowerCase()}`;
    case 'entity-operation':
      return `entity\0${target.entity.toLowerCase()}\0${target.operation.toLowerCase()}`;
  }
}

function describeTarget(target: InputTarget): string {
  switch (target.kind) {
    case 'orchestrator':
      return `the input of orchestrator '${target.name}'`;
    case 'activity':
      return `the input of activity '${target.name}'`;
    case 'event':
      return `the data of event '${target.event}' for orchestrator '${target.orchestrator}'`;
    case 'entity-operation':
      return `the input of operation '${target.operation}' of entity '${target.entity}'`;
  }
}

/** ajv's JSON pointer (`/lines/0/sku`) as a JSON path (`$.lines[0].sku`), pointing at a missing property itself. */
function pathOf(error: ErrorObject): string {
  const segments = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(String((error.params as { missingProperty: string }).missingProperty));
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : /^[A-Za-z_$][\w$]*$/.test(segment) ? `${path}.${segment}` : `${path}[${JSON.stringify(segment)}]`), '$');
}

/** What was expected, in the words of the declared type. */
function expectation(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `expected ${String(params.type).replace(/,/g, ' or ')}`;
    case 'required':
      return 'a required property is missing';
    case 'enum':
      return `expected one of ${JSON.stringify(params.allowedValues)}`;
    case 'const':
      return `expected ${JSON.stringify(params.allowedValue)}`;
    case 'anyOf':
    case 'oneOf':
      return 'matches none of the types the declared union allows';
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}
