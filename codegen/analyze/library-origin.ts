import { ts } from 'ts-morph';
import type { AnalyzeContext } from './analyze-context';

/**
 * Where a library declaration lives: a global (`setTimeout`, `fetch`, `Date`), a member of a
 * library interface (`DateConstructor.now`, `Math.random`, `Process.env`), or an export of a Node
 * module (`crypto.randomUUID`, with `node:` dropped).
 */
export type LibraryOrigin =
  | { readonly kind: 'global'; readonly name: string }
  | { readonly kind: 'member'; readonly owner: string; readonly name: string }
  | { readonly kind: 'module'; readonly module: string; readonly name: string };

/** The library origin of what `node` refers to (through import aliases), or undefined for the project's own symbols. */
export function libraryOriginOf(context: AnalyzeContext, node: ts.Node): LibraryOrigin | undefined {
  const symbol = context.checker.getSymbolAtLocation(node);
  if (symbol === undefined) return undefined;
  const resolved = symbol.flags & ts.SymbolFlags.Alias ? context.checker.getAliasedSymbol(symbol) : symbol;
  const declaration = resolved.declarations?.[0];
  if (declaration === undefined || context.isProjectFile(declaration.getSourceFile())) return undefined;
  return originOf(declaration, resolved.getName());
}

function originOf(declaration: ts.Declaration, name: string): LibraryOrigin | undefined {
  const parent = declaration.parent;
  if (ts.isInterfaceDeclaration(parent) || ts.isClassDeclaration(parent)) return { kind: 'member', owner: parent.name?.text ?? '', name };
  if (ts.isTypeLiteralNode(parent)) return undefined;
  for (let node: ts.Node = parent; ; node = node.parent) {
    if (ts.isModuleDeclaration(node)) {
      if (node.name.text === 'global' && !ts.isStringLiteral(node.name)) return { kind: 'global', name };
      if (ts.isStringLiteral(node.name)) return { kind: 'module', module: node.name.text.replace(/^node:/, ''), name };
    }
    if (ts.isSourceFile(node)) return ts.isExternalModule(node) ? undefined : { kind: 'global', name };
  }
}
