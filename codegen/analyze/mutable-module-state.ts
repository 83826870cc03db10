import { ts } from 'ts-morph';
import type { AnalyzeContext } from './analyze-context';
import type { ApiUse } from './nondeterministic-api';

/**
 * A read of mutable module-level state: `identifier` refers (directly or through an import) to a
 * top-level `let`/`var` of a project file, or to a static field that is not readonly.
 */
export function findMutableStateUse(context: AnalyzeContext, identifier: ts.Identifier): ApiUse | undefined {
  const symbol = context.checker.getSymbolAtLocation(identifier);
  if (symbol === undefined) return undefined;
  const resolved = symbol.flags & ts.SymbolFlags.Alias ? context.checker.getAliasedSymbol(symbol) : symbol;
  const declaration = resolved.declarations?.[0];
  if (declaration === undefined || (declaration as { name?: ts.Node }).name === identifier || !context.isProjectFile(declaration.getSourceFile())) return undefined;
  if (isModuleLevelVariable(declaration)) return use(identifier, `the module-level ${letOrVar(declaration)} ${identifier.text}`);
  if (isMutableStaticField(declaration)) {
    const node = ts.isPropertyAccessExpression(identifier.parent) && identifier.parent.name === identifier ? identifier.parent : identifier;
    return use(node, `the static field ${node.getText()}`);
  }
  return undefined;
}

function use(node: ts.Node, what: string): ApiUse {
  return { node, rule: 'determinism/mutable-module-state', what };
}

function isModuleLevelVariable(declaration: ts.Declaration): declaration is ts.VariableDeclaration {
  if (!ts.isVariableDeclaration(declaration) || !ts.isVariableDeclarationList(declaration.parent)) return false;
  const list = declaration.parent;
  return (list.flags & ts.NodeFlags.Const) === 0 && ts.isVariableStatement(list.parent) && ts.isSourceFile(list.parent.parent);
}

function letOrVar(declaration: ts.VariableDeclaration): string {
  return declaration.parent.flags & ts.NodeFlags.Let ? 'let' : 'var';
}

function isMutableStaticField(declaration: ts.Declaration): boolean {
  if (!ts.isPropertyDeclaration(declaration)) return false;
  const flags = ts.getCombinedModifierFlags(declaration);
  return (flags & ts.ModifierFlags.Static) !== 0 && (flags & ts.ModifierFlags.Readonly) === 0;
}
