import { ts } from 'ts-morph';
import type { AnalyzeContext } from './analyze-context';

/** A project function with a body that the analyzer walks: a function, method, getter, constructor or function expression. */
export type FollowedFunction =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.GetAccessorDeclaration
  | ts.ConstructorDeclaration
  | ts.ArrowFunction
  | ts.FunctionExpression;

/**
 * The project function that `node` (an identifier, or the name in `a.b`) refers to, through
 * imports: a declared function or method, or a variable or property initialised with a function.
 * Undefined for library code (the TypeScript libs, node_modules, durable-ts) and for declarations
 * without a body (interfaces, overload signatures, `declare`).
 */
export function followTarget(context: AnalyzeContext, node: ts.Node): FollowedFunction | undefined {
  const symbol = context.checker.getSymbolAtLocation(node);
  if (symbol === undefined) return undefined;
  const resolved = symbol.flags & ts.SymbolFlags.Alias ? context.checker.getAliasedSymbol(symbol) : symbol;
  for (const declaration of resolved.declarations ?? []) {
    if (!context.isProjectFile(declaration.getSourceFile()) || (declaration as { name?: ts.Node }).name === node) continue;
    const target = functionOf(declaration);
    if (target !== undefined) return target;
  }
  return undefined;
}

/** The constructor that `new X(...)` runs, when X is a project class that declares one. */
export function constructorTarget(context: AnalyzeContext, node: ts.NewExpression): FollowedFunction | undefined {
  const declaration = context.checker.getResolvedSignature(node)?.declaration;
  return declaration !== undefined && ts.isConstructorDeclaration(declaration) && declaration.body !== undefined && context.isProjectFile(declaration.getSourceFile())
    ? declaration
    : undefined;
}

function functionOf(declaration: ts.Declaration): FollowedFunction | undefined {
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isGetAccessorDeclaration(declaration)) {
    return declaration.body === undefined ? undefined : declaration;
  }
  if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) {
    let initializer = declaration.initializer;
    while (initializer !== undefined && ts.isParenthesizedExpression(initializer)) initializer = initializer.expression;
    return initializer !== undefined && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) ? initializer : undefined;
  }
  return undefined;
}

/** How a followed function is named in a call path: `computeTotal`, `PlaceOrder.applyDiscount`. */
export function functionLabel(fn: FollowedFunction): string {
  const owner = fn.parent;
  const own = ts.isConstructorDeclaration(fn) ? 'constructor' : nameText(fn.name) ?? nameText((owner as { name?: ts.Node }).name) ?? '(anonymous)';
  const cls = ts.isClassLike(owner) ? owner : ts.isPropertyDeclaration(owner) && ts.isClassLike(owner.parent) ? owner.parent : undefined;
  return cls?.name === undefined ? own : `${cls.name.text}.${own}`;
}

function nameText(name: ts.Node | undefined): string | undefined {
  return name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
}
