import { ts } from 'ts-morph';
import type { AnalyzeContext } from './analyze-context';
import { libraryOriginOf } from './library-origin';
import type { ApiUse } from './nondeterministic-api';

/** Whether a call runs project code that the analyzer follows (so its own awaits are checked where they are). */
export type IsFollowedCall = (call: ts.CallExpression) => boolean;

const PROMISE_COMBINATORS = new Set(['all', 'race', 'any', 'allSettled']);
/** durable-ts's typed-call proxy types, which codegen's module augmentations fill in. */
const PROXY_TYPES = new Set(['ActivityProxies', 'SubOrchestrationProxies', 'EntityProxies']);

/**
 * `await x` is replay-safe when x is a durable task (DurableTask or a subclass, by the checker's
 * types), a call of a project helper the analyzer follows, or Promise.all/race/any/allSettled
 * over those. Anything else (a library's Promise, `new Promise`, fetch) is a finding.
 */
export function findNonDurableAwait(context: AnalyzeContext, node: ts.AwaitExpression, isFollowed: IsFollowedCall): ApiUse | undefined {
  if (isDurableOperand(context, node.expression, isFollowed)) return undefined;
  const type = context.checker.typeToString(context.checker.getTypeAtLocation(node.expression));
  return { node, rule: 'determinism/await-non-durable', what: `await of ${abbreviate(node.expression.getText())} (a ${type})` };
}

function isDurableOperand(context: AnalyzeContext, expression: ts.Expression, isFollowed: IsFollowedCall): boolean {
  const inner = unwrap(expression);
  if (isDurableType(context, context.checker.getTypeAtLocation(inner)) || isUntypedProxyCall(context, inner)) return true;
  if (!ts.isCallExpression(inner)) return false;
  if (isFollowed(inner)) return true;
  if (!isPromiseCombinator(context, inner)) return false;
  const [argument] = inner.arguments;
  if (argument === undefined) return false;
  const list = unwrap(argument);
  if (ts.isArrayLiteralExpression(list)) {
    return list.elements.every((element) =>
      ts.isSpreadElement(element) ? hasDurableElements(context, element.expression) : isDurableOperand(context, element, isFollowed),
    );
  }
  return hasDurableElements(context, list);
}

function isPromiseCombinator(context: AnalyzeContext, call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !PROMISE_COMBINATORS.has(callee.name.text)) return false;
  const origin = libraryOriginOf(context, callee.name);
  return origin?.kind === 'member' && origin.owner === 'PromiseConstructor';
}

/**
 * `ctx.activities.X(…)`, `ctx.orchestrations.X(…)`, `ctx.entities.X(key).op(…)` before codegen has
 * written the types they come from (the first run, or the output excluded from the scan): the
 * call is untyped, but it hangs off durable-ts's typed proxies, which only make durable tasks.
 */
function isUntypedProxyCall(context: AnalyzeContext, expression: ts.Expression): boolean {
  let node = expression;
  while ((context.checker.getTypeAtLocation(node).flags & ts.TypeFlags.Any) !== 0) {
    if (!ts.isCallExpression(node) && !ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return false;
    node = unwrap(node.expression);
  }
  if (node === expression) return false;
  const type = context.checker.getTypeAtLocation(node);
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const declaration = symbol?.declarations?.[0];
  return declaration !== undefined && PROXY_TYPES.has(symbol?.getName() ?? '') && context.durable.isDurableFile(declaration.getSourceFile().fileName);
}

/** An array or tuple whose elements are all durable tasks. */
function hasDurableElements(context: AnalyzeContext, expression: ts.Expression): boolean {
  const { checker } = context;
  const type = checker.getTypeAtLocation(expression);
  if (!checker.isArrayType(type) && !checker.isTupleType(type)) return false;
  const elements = checker.getTypeArguments(type as ts.TypeReference);
  return elements.length > 0 && elements.every((element) => isDurableType(context, element));
}

/** DurableTask of durable-ts, or a subclass of it; for a union, every member that is not null or undefined. */
export function isDurableType(context: AnalyzeContext, type: ts.Type): boolean {
  if (type.isUnion()) {
    const members = type.types.filter((member) => (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) === 0);
    return members.length > 0 && members.every((member) => isDurableType(context, member));
  }
  return isDurableClass(context, type, 0);
}

function isDurableClass(context: AnalyzeContext, type: ts.Type, depth: number): boolean {
  const symbol = type.getSymbol();
  if (symbol === undefined || depth > 8) return false;
  if (context.durable.exportNameOf(symbol) === 'DurableTask') return true;
  if ((symbol.flags & ts.SymbolFlags.Class) === 0) return false;
  const declared = context.checker.getDeclaredTypeOfSymbol(symbol);
  if (!declared.isClassOrInterface()) return false;
  return (context.checker.getBaseTypes(declared) ?? []).some((base) => isDurableClass(context, base, depth + 1));
}

/** The expression inside parentheses, `as`, `satisfies` and `!`. */
function unwrap(expression: ts.Expression): ts.Expression {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner) || ts.isNonNullExpression(inner)) {
    inner = inner.expression;
  }
  return inner;
}

function abbreviate(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
