import type * as TypeScriptModule from 'typescript';
import { compareText } from '../model/codegen-diagnostic';
import type { DurableEntityModel, DurableFunctionModel, InputSchemaModel, InputSchemasModel, JsonValue, TypeText } from '../model/codegen-model';
import type { LoadedProject } from '../scan/load-project';
import { loadSchemaTooling, type SchemaTooling } from './schema-generator-module';
import { createSchemaProgram } from './schema-program';

/** Types that accept any value: they get no schema (the host accepts anything there). */
const ANYTHING = new Set(['unknown', 'void', 'undefined', 'any']);

/** One declared input and where its schema goes. */
interface InputTarget {
  readonly type: TypeText;
  /** `orchestrators/F_PlaceOrder/input`, `entities/Cart/add`, … */
  readonly path: readonly [keyof Omit<InputSchemasModel, 'unchecked'>, ...string[]];
  readonly what: string;
}

export const NO_SCHEMAS: InputSchemasModel = { orchestrators: {}, activities: {}, entities: {}, unchecked: [] };

/**
 * A JSON Schema per declared input (orchestrator inputs, declared event payloads, activity
 * inputs, entity operation inputs), derived from the TypeScript types by ts-json-schema-generator,
 * so that what codegen knows about inputs also guards the doors where TypeScript cannot (HTTP,
 * the by-name APIs). Extra object properties are accepted, as TypeScript's structural typing
 * accepts them; a type the generator cannot describe is left unchecked and named in `unchecked`.
 */
export function generateInputSchemas(
  functions: readonly DurableFunctionModel[],
  entities: readonly DurableEntityModel[],
  loaded: LoadedProject,
  tooling: SchemaTooling = loadSchemaTooling(),
): InputSchemasModel {
  const targets = collectTargets(functions, entities);
  if (targets.length === 0) return NO_SCHEMAS;
  const { program, aliases } = createSchemaProgram(tooling.ts, loaded, targets.map((t) => t.type));
  const config = { ...tooling.generator.DEFAULT_CONFIG, expose: 'export' as const, topRef: false, jsDoc: 'none' as const, skipTypeCheck: true, additionalProperties: true, sortProps: true };
  const generator = new tooling.generator.SchemaGenerator(program, tooling.generator.createParser(program, config), tooling.generator.createFormatter(config), config);
  const checker = program.getTypeChecker();
  const out: Record<string, Record<string, unknown>> = { orchestrators: {}, activities: {}, entities: {} };
  const unchecked: string[] = [];
  targets.forEach((target, i) => {
    const alias = aliases[i];
    if (alias === undefined) return;
    try {
      const { $schema: _ignored, definitions, ...schema } = generator.createSchemaFromNodes([alias]) as Record<string, JsonValue>;
      if (definitions !== undefined && Object.keys(definitions as object).length > 0) schema.definitions = definitions;
      const entry: InputSchemaModel = { optional: acceptsUndefined(tooling.ts, checker, alias), schema: sortKeys(schema) as InputSchemaModel['schema'] };
      place(out, target.path, entry);
    } catch (error) {
      unchecked.push(`${target.what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  });
  return { ...(out as unknown as Omit<InputSchemasModel, 'unchecked'>), unchecked: unchecked.sort(compareText) };
}

function collectTargets(functions: readonly DurableFunctionModel[], entities: readonly DurableEntityModel[]): InputTarget[] {
  const targets: InputTarget[] = [];
  for (const fn of functions) {
    if (fn.kind === 'activity') targets.push({ type: fn.input, path: ['activities', fn.name], what: `the input of activity '${fn.name}'` });
    if (fn.kind !== 'orchestrator') continue;
    targets.push({ type: fn.input, path: ['orchestrators', fn.name, 'input'], what: `the input of orchestrator '${fn.name}'` });
    for (const event of fn.events ?? []) {
      targets.push({ type: event.payload, path: ['orchestrators', fn.name, 'events', event.name], what: `event '${event.name}' of orchestrator '${fn.name}'` });
    }
  }
  for (const entity of entities) {
    for (const op of entity.operations) {
      targets.push({ type: op.input, path: ['entities', entity.name, op.name], what: `operation '${op.name}' of entity '${entity.name}'` });
    }
  }
  return targets.filter((target) => !ANYTHING.has(target.type.text));
}

/** True when the type accepts `undefined` (an optional input may be left out). */
function acceptsUndefined(ts: typeof TypeScriptModule, checker: TypeScriptModule.TypeChecker, alias: TypeScriptModule.TypeAliasDeclaration): boolean {
  const type = checker.getTypeFromTypeNode(alias.type);
  const loose = ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Any | ts.TypeFlags.Unknown;
  return type.isUnion() ? type.types.some((member) => (member.flags & loose) !== 0) : (type.flags & loose) !== 0;
}

function place(out: Record<string, Record<string, unknown>>, path: readonly string[], entry: InputSchemaModel): void {
  let node: Record<string, unknown> = out;
  path.slice(0, -1).forEach((key) => {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  });
  node[path[path.length - 1] as string] = entry;
}

/** The same JSON with object keys sorted, so the generated file does not depend on the generator's order. */
function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as { readonly [key: string]: JsonValue };
  return Object.fromEntries(Object.keys(record).sort(compareText).map((key) => [key, sortKeys(record[key] as JsonValue)]));
}
