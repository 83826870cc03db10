import { ts } from 'ts-morph';
import type { AnalyzeContext } from './analyze-context';
import type { DeterminismRule } from './determinism-rules';
import { libraryOriginOf, type LibraryOrigin } from './library-origin';

/** A use of an API that is not replay-safe: where, which rule, and the code as written. */
export interface ApiUse {
  readonly node: ts.Node;
  readonly rule: DeterminismRule;
  readonly what: string;
}

const MEMBERS: Readonly<Record<string, DeterminismRule>> = {
  'DateConstructor.now': 'determinism/date-now',
  'Performance.now': 'determinism/date-now',
  'Process.hrtime': 'determinism/date-now',
  'Math.random': 'determinism/random',
  'Crypto.randomUUID': 'determinism/random',
  'Crypto.getRandomValues': 'determinism/random',
  'Process.env': 'determinism/env',
};

const GLOBALS: Readonly<Record<string, DeterminismRule>> = {
  setTimeout: 'determinism/timer',
  setInterval: 'determinism/timer',
  setImmediate: 'determinism/timer',
  queueMicrotask: 'determinism/timer',
  fetch: 'determinism/io',
};

const MODULE_EXPORTS: Readonly<Record<string, DeterminismRule>> = {
  'crypto.randomUUID': 'determinism/random',
  'crypto.getRandomValues': 'determinism/random',
  'crypto.randomBytes': 'determinism/random',
  'crypto.randomInt': 'determinism/random',
  'timers.setTimeout': 'determinism/timer',
  'timers.setInterval': 'determinism/timer',
  'timers.setImmediate': 'determinism/timer',
  'timers/promises.setTimeout': 'determinism/timer',
  'timers/promises.setInterval': 'determinism/timer',
  'timers/promises.setImmediate': 'determinism/timer',
};

/** Node modules whose every binding does I/O (or starts threads or processes). */
const IO_MODULES = new Set(['fs', 'fs/promises', 'http', 'https', 'http2', 'net', 'dgram', 'child_process', 'worker_threads']);

/** The non-replay-safe API that `identifier` refers to, resolved through the checker (a local named `Date` is not the global). */
export function findApiUse(context: AnalyzeContext, identifier: ts.Identifier): ApiUse | undefined {
  const parent = identifier.parent;
  const isMemberName = ts.isPropertyAccessExpression(parent) && parent.name === identifier;
  const ioModule = importedModuleOf(context, identifier);
  if (ioModule !== undefined && IO_MODULES.has(ioModule)) return { node: identifier, rule: 'determinism/io', what: `${identifier.text} (from '${ioModule}')` };
  const origin = libraryOriginOf(context, identifier);
  if (origin === undefined) return undefined;
  const rule = ruleOf(origin, identifier);
  if (rule === undefined) return undefined;
  const node = isMemberName ? parent : identifier;
  return { node, rule, what: describe(identifier, node) };
}

function ruleOf(origin: LibraryOrigin, identifier: ts.Identifier): DeterminismRule | undefined {
  switch (origin.kind) {
    case 'member':
      return MEMBERS[`${origin.owner}.${origin.name}`];
    case 'module':
      return MODULE_EXPORTS[`${origin.module}.${origin.name}`];
    case 'global':
      if (origin.name === 'Date') return isClockReadingDate(identifier) ? 'determinism/date-now' : undefined;
      return GLOBALS[origin.name];
  }
}

/** `Date()` (a string of the current time) or `new Date()` without arguments; `new Date(x)` and `Date.parse` are fine. */
function isClockReadingDate(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isCallExpression(parent)) return parent.expression === identifier;
  if (ts.isNewExpression(parent)) return parent.expression === identifier && (parent.arguments === undefined || parent.arguments.length === 0);
  return false;
}

function describe(identifier: ts.Identifier, node: ts.Node): string {
  if (ts.isNewExpression(identifier.parent)) return 'new Date()';
  const call = node.parent;
  return ts.isCallExpression(call) && call.expression === node ? `${node.getText()}()` : node.getText();
}

/** The module (without `node:`) that `identifier` was imported from, when it is an imported binding. */
function importedModuleOf(context: AnalyzeContext, identifier: ts.Identifier): string | undefined {
  const symbol = context.checker.getSymbolAtLocation(identifier);
  if (symbol === undefined || (symbol.flags & ts.SymbolFlags.Alias) === 0) return undefined;
  const declaration = symbol.declarations?.[0];
  let node: ts.Node | undefined = declaration;
  while (node !== undefined && !ts.isImportDeclaration(node) && !ts.isImportEqualsDeclaration(node)) node = node.parent;
  if (node === undefined) return undefined;
  const specifier = ts.isImportDeclaration(node)
    ? node.moduleSpecifier
    : ts.isExternalModuleReference(node.moduleReference)
      ? node.moduleReference.expression
      : undefined;
  return specifier !== undefined && ts.isStringLiteral(specifier) ? specifier.text.replace(/^node:/, '') : undefined;
}
