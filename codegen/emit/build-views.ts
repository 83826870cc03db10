import { join, relative } from 'node:path';
import { compareText } from '../model/codegen-diagnostic';
import type { CodegenModel, DurableEntityModel, DurableFunctionModel, TypeText } from '../model/codegen-model';
import type { EmitSettings } from '../model/emit-settings';
import { ImportTable } from './import-table';
import type { TemplateValue } from './render-template';

const IMPORT_TYPE = /import\("([^"]+)"\)\.([A-Za-z_$][\w$]*)/g;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The data of every generated file, by template name: all decisions are made here. */
export function buildViews(model: CodegenModel, root: string, outDir: string, settings: EmitSettings): Record<string, TemplateValue> {
  return {
    'durable-types.ts': { command: settings.command, ...typesView(model, root, outDir, settings) },
    'durable-functions.ts': { command: settings.command, ...functionsView(model, root, outDir, settings) },
    'durable-schemas.ts': { command: settings.command, ...schemasView(model, root, outDir, settings) },
  };
}

/** The schemas file: one plain object, typed with durable-ts's `DurableSchemas`. */
function schemasView(model: CodegenModel, root: string, outDir: string, settings: EmitSettings): Record<string, TemplateValue> {
  const imports = new ImportTable([{ name: 'DurableSchemas', module: 'durable-ts', kind: 'package' as const }], root, outDir, settings.moduleStyle, ['durableSchemas']);
  const { unchecked, ...schemas } = model.schemas;
  return {
    imports: imports.statements().map((s) => ({ ...s })),
    schemasType: imports.localName('durable-ts', 'DurableSchemas'),
    schemas: JSON.stringify(schemas, null, 2),
    unchecked: unchecked.map((text) => ({ text })),
  };
}

function typesView(model: CodegenModel, root: string, outDir: string, settings: EmitSettings): Record<string, TemplateValue> {
  const functions = [...model.functions].sort((a, b) => compareText(a.name, b.name) || compareText(a.kind, b.kind));
  const entities = [...model.entities].sort((a, b) => compareText(a.name, b.name));
  const requests = [
    ...functions.flatMap((fn) => [...fn.input.imports, ...fn.output.imports, ...(fn.events ?? []).flatMap((event) => event.payload.imports)]),
    ...entities.flatMap((entity) => [
      ...entity.state.flatMap((field) => field.type.imports),
      ...entity.operations.flatMap((op) => [...op.input.imports, ...op.output.imports]),
    ]),
  ];
  const imports = new ImportTable(requests, root, outDir, settings.moduleStyle, ['DurableActivities', 'DurableOrchestrations', 'DurableEntities']);
  const entry = (fn: DurableFunctionModel): TemplateValue => ({
    key: propertyKey(fn.name),
    input: typeText(fn.input, imports),
    output: typeText(fn.output, imports),
    source: `${fn.className}.${fn.methodName} in ${fn.location.file}`,
    declaresEvents: fn.events !== undefined,
    events: (fn.events ?? []).map((event) => ({ key: propertyKey(event.name), payload: typeText(event.payload, imports) })),
  });
  return {
    imports: imports.statements().map((s) => ({ ...s })),
    activities: functions.filter((fn) => fn.kind === 'activity').map(entry),
    orchestrations: functions.filter((fn) => fn.kind === 'orchestrator').map(entry),
    entities: entities.map((entity) => entityEntry(entity, imports)),
  };
}

function entityEntry(entity: DurableEntityModel, imports: ImportTable): TemplateValue {
  const operations = [...entity.operations].sort((a, b) => compareText(a.name, b.name));
  const state = [...entity.state].sort((a, b) => compareText(a.name, b.name));
  return {
    key: propertyKey(entity.name),
    source: `${entity.className} in ${entity.location.file}`,
    emptyState: state.length === 0,
    state: state.map((field) => ({
      key: propertyKey(field.name),
      optional: field.optional ? '?' : '',
      type: typeText(field.type, imports),
      note: field.note ?? false,
    })),
    operations: operations.map((op) => ({
      key: propertyKey(op.name),
      input: typeText(op.input, imports),
      output: typeText(op.output, imports),
      note: op.builtIn ? "built-in: deletes the entity's state" : false,
    })),
  };
}

/** A name as an object type key: bare when it is an identifier, else quoted. */
function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/**
 * The registration list, and what codegen saw (names by kind), which the host compares with the
 * classes' decorators at start-up to tell when the generated files are older than the code.
 */
function functionsView(model: CodegenModel, root: string, outDir: string, settings: EmitSettings): Record<string, TemplateValue> {
  const schemasModule = relative(root, join(outDir, 'durable-schemas.ts')).split('\\').join('/');
  const classes = [...model.classes].sort((a, b) => compareText(a.file, b.file) || compareText(a.className, b.className));
  const imports = new ImportTable(
    [
      { name: 'generatedRegistrations', module: 'durable-ts', kind: 'package' as const },
      { name: 'durableSchemas', module: schemasModule, kind: 'file' as const },
      ...classes.map((c) => ({ name: c.className, module: c.file, kind: 'file' as const })),
    ],
    root,
    outDir,
    settings.moduleStyle,
    ['durableFunctions'],
  );
  const names = (values: readonly { name: string }[]): TemplateValue => [...new Set(values.map((v) => quoted(v.name)))].sort(compareText).join(', ');
  return {
    imports: imports.statements().map((s) => ({ ...s })),
    registrations: imports.localName('durable-ts', 'generatedRegistrations'),
    schemas: imports.localName(schemasModule, 'durableSchemas'),
    classes: classes.map((c) => ({ name: imports.localName(c.file, c.className) })),
    activities: names(model.functions.filter((fn) => fn.kind === 'activity')),
    orchestrators: names(model.functions.filter((fn) => fn.kind === 'orchestrator')),
    entities: names(model.entities),
  };
}

/** A string literal in single quotes. */
function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The type text with each import type replaced by its local name. */
function typeText(type: TypeText, imports: ImportTable): string {
  return type.text.replace(IMPORT_TYPE, (_match, module: string, name: string) => imports.localName(module, name));
}
