import { ts } from 'ts-morph';
import { resolveAlias } from './durable-declarations';
import { isLibraryFile, type ScanContext } from './scan-context';

/** Why a payload type cannot be used, and where inside it (`$.items[].when`). */
export interface TypeProblem {
  readonly rule: 'not-json-serializable' | 'type-not-exported';
  readonly path: string;
  readonly reason: string;
  /** Where the type is declared, for type-not-exported. */
  readonly declaredAt?: { readonly file: string; readonly line: number; readonly column: number };
}

/** Library types that JSON does not bring back as they were. */
const LIBRARY_REASONS: Readonly<Record<string, string>> = {
  Date: 'a Date comes back from JSON as a string; use an ISO string or a number of milliseconds',
  Map: 'a Map becomes {} in JSON; use an object or an array of entries',
  ReadonlyMap: 'a Map becomes {} in JSON; use an object or an array of entries',
  WeakMap: 'a WeakMap becomes {} in JSON; use an object or an array of entries',
  Set: 'a Set becomes {} in JSON; use an array',
  ReadonlySet: 'a Set becomes {} in JSON; use an array',
  WeakSet: 'a WeakSet becomes {} in JSON; use an array',
  Promise: 'a Promise becomes {} in JSON; await it first',
  RegExp: 'a RegExp becomes {} in JSON; use its source string',
  Error: 'an Error becomes {} in JSON; send { name, message }',
};

/**
 * The first reason `type` cannot be an input or result: a part that JSON cannot carry
 * (functions, symbols, bigints, class instances with methods, Map, Set, Date, …), or a named type
 * the generated code would have to import but that is not exported.
 */
export function findTypeProblem(scan: ScanContext, type: ts.Type): TypeProblem | undefined {
  return new TypeWalker(scan).walk(type, '$', true);
}

class TypeWalker {
  private readonly seen = new Set<ts.Type>();

  constructor(private readonly scan: ScanContext) {}

  walk(type: ts.Type, path: string, needsImport: boolean): TypeProblem | undefined {
    if (this.seen.has(type)) return undefined;
    this.seen.add(type);
    const named = this.namedSymbol(type);
    if (named !== undefined) {
      if (needsImport && !this.isExported(named)) return this.notExported(named, path);
      needsImport = false;
    }
    const flags = type.flags;
    if (flags & ts.TypeFlags.BigIntLike) return json(path, 'a bigint has no JSON form (send it as a string)');
    if (flags & ts.TypeFlags.ESSymbolLike) return json(path, 'a symbol has no JSON form');
    if (type.isUnionOrIntersection()) return firstOf(type.types, (member) => this.walk(member, path, needsImport));
    if (flags & ts.TypeFlags.Object) return this.walkObject(type as ts.ObjectType, path, needsImport);
    return undefined;
  }

  private walkObject(type: ts.ObjectType, path: string, needsImport: boolean): TypeProblem | undefined {
    const checker = this.scan.checker;
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      return firstOf(checker.getTypeArguments(type as ts.TypeReference), (element) => this.walk(element, `${path}[]`, needsImport));
    }
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return json(path, 'a function has no JSON form');
    const symbol = type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    if (symbol !== undefined && declaration !== undefined && this.scan.program.isSourceFileDefaultLibrary(declaration.getSourceFile())) {
      const reason = LIBRARY_REASONS[symbol.getName()];
      if (reason !== undefined) return json(path, reason);
    }
    const properties = checker.getPropertiesOfType(type);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Class) {
      const methods = properties.filter((p) => p.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.Accessor)).map((p) => p.getName());
      if (methods.length > 0) {
        return json(path, `an instance of class ${symbol.getName()} has methods (${methods.join(', ')}) that JSON drops; use an interface or a plain object type`);
      }
    }
    if (type.objectFlags & ts.ObjectFlags.Reference) {
      const problem = firstOf(checker.getTypeArguments(type as ts.TypeReference), (argument) => this.walk(argument, path, needsImport));
      if (problem !== undefined) return problem;
    }
    for (const property of properties) {
      const at = `${path}.${property.getName()}`;
      if (property.flags & ts.SymbolFlags.Method) return json(at, 'a method has no JSON form');
      const problem = this.walk(checker.getTypeOfSymbol(property), at, needsImport);
      if (problem !== undefined) return problem;
    }
    return firstOf(checker.getIndexInfosOfType(type), (info) => this.walk(info.type, `${path}[key]`, needsImport));
  }

  /** A type alias, interface, class or enum declared in the project (not a library). */
  private namedSymbol(type: ts.Type): ts.Symbol | undefined {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol === undefined) return undefined;
    const named = ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface | ts.SymbolFlags.Class | ts.SymbolFlags.Enum;
    if (!(symbol.flags & named)) return undefined;
    const declaration = symbol.declarations?.[0];
    return declaration === undefined || isLibraryFile(this.scan, declaration.getSourceFile()) ? undefined : symbol;
  }

  private isExported(symbol: ts.Symbol): boolean {
    const file = symbol.declarations?.[0]?.getSourceFile();
    const moduleSymbol = file === undefined ? undefined : this.scan.checker.getSymbolAtLocation(file);
    if (moduleSymbol === undefined) return false;
    return this.scan.checker.getExportsOfModule(moduleSymbol).some((e) => resolveAlias(this.scan.checker, e) === symbol);
  }

  private notExported(symbol: ts.Symbol, path: string): TypeProblem {
    const declaration = symbol.declarations?.[0] as ts.Declaration;
    const file = declaration.getSourceFile();
    const { line, character } = file.getLineAndCharacterOfPosition(declaration.getStart());
    return {
      rule: 'type-not-exported',
      path,
      reason: `the type ${symbol.getName()} is not exported; export it so the generated code can import it`,
      declaredAt: { file: file.fileName, line: line + 1, column: character + 1 },
    };
  }
}

function json(path: string, reason: string): TypeProblem {
  return { rule: 'not-json-serializable', path, reason };
}

function firstOf<T>(items: readonly T[], find: (item: T) => TypeProblem | undefined): TypeProblem | undefined {
  for (const item of items) {
    const problem = find(item);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
