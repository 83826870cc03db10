import { dirname, join } from 'node:path';
import { Node, ts, type Decorator, type Project } from 'ts-morph';

/** The decorators of durable-ts that codegen understands. */
export const DURABLE_DECORATORS = ['Orchestrator', 'Activities', 'Activity', 'Entity', 'HttpTriggers'] as const;
export type DurableDecoratorName = (typeof DURABLE_DECORATORS)[number];

/**
 * What the project's `durable-ts` exports, resolved to declarations, so that a decorator is
 * recognised by the symbol it refers to (through alias imports and re-exports), never by its
 * identifier text.
 */
export interface DurableDeclarations {
  /** The file `durable-ts` resolves to (its index.ts or index.d.ts). */
  readonly entryFile: string;
  /** Which durable-ts decorator `decorator` calls, or undefined for any other decorator. */
  decoratorOf(decorator: Decorator): DurableDecoratorName | undefined;
  /** The name under which durable-ts exports `symbol` (resolved), or undefined. */
  exportNameOf(symbol: ts.Symbol): string | undefined;
  /** Whether `fileName` belongs to durable-ts itself (its source or type declarations). */
  isDurableFile(fileName: string): boolean;
}

/** Resolves `durable-ts` as the project would import it; undefined when it cannot be found. */
export function resolveDurableDeclarations(project: Project, root: string): DurableDeclarations | undefined {
  const resolved = ts.resolveModuleName('durable-ts', join(root, '__codegen__.ts'), project.getCompilerOptions(), project.getModuleResolutionHost()).resolvedModule;
  if (resolved === undefined) return undefined;
  const entry = project.addSourceFileAtPathIfExists(resolved.resolvedFileName);
  if (entry === undefined) return undefined;
  const checker = project.getTypeChecker().compilerObject;
  const moduleSymbol = checker.getSymbolAtLocation(entry.compilerNode);
  if (moduleSymbol === undefined) return undefined;

  const exportNames = new Map<ts.Symbol, string>();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    exportNames.set(resolveAlias(checker, exported), exported.getName());
  }
  const decorators = new Map<ts.Symbol, DurableDecoratorName>();
  for (const [symbol, name] of exportNames) {
    const known = DURABLE_DECORATORS.find((d) => d === name);
    if (known !== undefined) decorators.set(symbol, known);
  }
  const packageDir = dirname(entry.getFilePath());
  return {
    entryFile: entry.getFilePath(),
    decoratorOf(decorator) {
      const callee = decorator.getCallExpression()?.getExpression() ?? decorator.getExpression();
      const nameNode = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
      const symbol = checker.getSymbolAtLocation(nameNode.compilerNode);
      return symbol === undefined ? undefined : decorators.get(resolveAlias(checker, symbol));
    },
    exportNameOf(symbol) {
      return exportNames.get(resolveAlias(checker, symbol));
    },
    isDurableFile(fileName) {
      return fileName.startsWith(`${packageDir}/`);
    },
  };
}

/** Follows import/export aliases to the declared symbol. */
export function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}
