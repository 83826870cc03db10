import { Node, Scope, ts, type ClassDeclaration, type Decorator, type MethodDeclaration } from 'ts-morph';
import { BUILT_IN_OPERATIONS, isOperationName, operationKey, operationRuleViolations } from '../../src/model/entity-operation-rules';
import type { CodegenDiagnostic } from '../model/codegen-diagnostic';
import { compareText } from '../model/codegen-diagnostic';
import type { DurableEntityModel, EntityOperationModel } from '../model/codegen-model';
import { awaitedReturnType, isDiagnostic, payloadType, resultNode, VOID_TYPE } from './function-types';
import { readDecoratorName } from './read-decorator-name';
import { diagnosticAt, locationOf, type ScanContext } from './scan-context';
import { stateFields } from './scan-entity-state';

/** Names the typed orchestration proxy uses itself: `ctx.entities.X(key).signal`, and `then` (never a thenable). */
const RESERVED_OPERATIONS = ['signal', 'then'];

export interface EntityScan {
  readonly entities: DurableEntityModel[];
  readonly diagnostics: CodegenDiagnostic[];
}

/** A method the shared rules call an operation (see src/model/entity-operation-rules.ts). */
interface OperationMethod {
  readonly name: string;
  readonly declarations: readonly MethodDeclaration[];
  /** Public methods are typed operations; private and protected ones stay callable by name only. */
  readonly isPublic: boolean;
}

/**
 * An `@Entity` class: its name, its operations (the methods the runtime dispatches to: not the
 * constructor, not names starting with `_`; the public ones are typed) and its state (the data
 * fields the runtime stores, see `stateFields`).
 */
export function scanEntity(scan: ScanContext, cls: ClassDeclaration, decorator: Decorator): EntityScan {
  const className = cls.getName() ?? 'default';
  const named = readDecoratorName(decorator, 'Entity', className);
  if ('diagnostic' in named) return { entities: [], diagnostics: [named.diagnostic] };
  const diagnostics: CodegenDiagnostic[] = [];
  const methods = operationMethods(cls);
  diagnostics.push(...structuralProblems(named.name, className, methods));
  const operations: EntityOperationModel[] = [];
  for (const method of methods.filter((m) => m.isPublic)) {
    const scanned = scanOperation(scan, named.name, className, method);
    if (Array.isArray(scanned)) diagnostics.push(...scanned);
    else if (scanned !== undefined) operations.push(scanned);
  }
  for (const builtIn of BUILT_IN_OPERATIONS) {
    if (!methods.some((m) => operationKey(m.name) === builtIn)) operations.push({ name: builtIn, input: VOID_TYPE, output: VOID_TYPE, builtIn: true });
  }
  const state = stateFields(scan, cls, named.name, diagnostics);
  if (diagnostics.length > 0) return { entities: [], diagnostics };
  return {
    entities: [
      {
        name: named.name,
        className,
        state,
        operations: operations.sort((a, b) => compareText(a.name, b.name)),
        location: locationOf(scan, decorator),
      },
    ],
    diagnostics,
  };
}

/** The methods of the instance type (own and inherited) that are operations, in declaration order. */
function operationMethods(cls: ClassDeclaration): OperationMethod[] {
  const methods = cls
    .getType()
    .getProperties()
    .flatMap((symbol): OperationMethod[] => {
      const name = symbol.getName();
      if (!(symbol.getFlags() & ts.SymbolFlags.Method) || !isOperationName(name)) return [];
      const declarations = symbol.getDeclarations().filter(Node.isMethodDeclaration);
      const first = declarations[0];
      if (first === undefined || first.isStatic()) return [];
      return [{ name, declarations, isPublic: first.getScope() === Scope.Public }];
    });
  return methods.sort((a, b) => comparePositions(a.declarations[0], b.declarations[0]) || compareText(a.name, b.name));
}

/** Problems the runtime would reject at registration: the shared operation rules, located in the source. */
function structuralProblems(entity: string, className: string, methods: readonly OperationMethod[]): CodegenDiagnostic[] {
  const byName = new Map(methods.map((m) => [m.name, m]));
  const candidates = methods.map((method) => {
    const parameters = implementationOf(method).getParameters();
    return { name: method.name, parameterCount: parameters.length, hasRestParameter: parameters.some((p) => p.isRestParameter()) };
  });
  return operationRuleViolations(candidates).map((violation) => {
    const method = byName.get(violation.method) as OperationMethod;
    return violation.rule === 'one-input' ? parameterProblem(entity, className, method) : nameCollision(entity, className, method, byName.get(violation.earlier) as OperationMethod);
  });
}

function parameterProblem(entity: string, className: string, method: OperationMethod): CodegenDiagnostic {
  const implementation = implementationOf(method);
  const parameters = implementation.getParameters();
  const extra = parameters[1] ?? parameters.find((p) => p.isRestParameter()) ?? implementation;
  const what = Node.isParameterDeclaration(extra) && extra.isRestParameter() ? 'a rest parameter' : `${parameters.length} parameters`;
  const message = `operation '${method.name}' of entity '${entity}' (${className}.${method.name}) has ${what}; an entity operation takes at most one input — put the values in one object parameter`;
  return diagnosticAt(extra, 'entity-operation-parameters', message);
}

function nameCollision(entity: string, className: string, method: OperationMethod, earlier: OperationMethod): CodegenDiagnostic {
  const message = `operation '${method.name}' of entity '${entity}' (${className}) differs from '${earlier.name}' only in case; operation names are case-insensitive — rename one`;
  const first = earlier.declarations[0] as MethodDeclaration;
  const { line, column } = first.getSourceFile().getLineAndColumnAtPos(first.getNameNode().getStart());
  return {
    ...diagnosticAt(method.declarations[0]?.getNameNode() ?? implementationOf(method), 'entity-operation-name-collision', message),
    related: { what: 'declared first', file: first.getSourceFile().getFilePath(), line, column },
  };
}

/** A typed operation, or the problems that keep it from being one (undefined: a problem reported elsewhere). */
function scanOperation(scan: ScanContext, entity: string, className: string, method: OperationMethod): EntityOperationModel | CodegenDiagnostic[] | undefined {
  const label = `operation '${method.name}' of entity '${entity}'`;
  if (method.declarations.length > 1) {
    const first = method.declarations[0] as MethodDeclaration;
    const message = `${label} (${className}.${method.name}) is overloaded; an operation has one signature — use one parameter type (a union) instead`;
    return [diagnosticAt(first.getNameNode(), 'entity-operation-overloads', message)];
  }
  const implementation = implementationOf(method);
  const typeParameter = implementation.getTypeParameters()[0];
  if (typeParameter !== undefined) {
    const message = `${label} (${className}.${method.name}) has type parameters; an operation's input and result must be concrete types that codegen can name`;
    return [diagnosticAt(typeParameter, 'entity-operation-generic', message)];
  }
  if (RESERVED_OPERATIONS.includes(method.name)) {
    const message = `${label} (${className}.${method.name}) cannot be typed: ctx.entities.${entity}(key).${method.name} is reserved by the typed proxy (${
      method.name === 'signal' ? 'it holds the one-way signals' : 'a proxy is never a thenable'
    }) — rename the method`;
    return [diagnosticAt(implementation.getNameNode(), 'entity-operation-reserved', message)];
  }
  const parameters = implementation.getParameters();
  if (parameters.length > 1 || parameters.some((p) => p.isRestParameter())) return undefined;
  const parameter = parameters[0];
  const input =
    parameter === undefined
      ? VOID_TYPE
      : payloadType(scan, scan.checker.getTypeAtLocation(parameter.compilerNode), parameter.getTypeNode() ?? parameter, `the input of ${label}`);
  const output = payloadType(scan, awaitedReturnType(scan, implementation), resultNode(implementation), `the result of ${label}`);
  if (isDiagnostic(input) || isDiagnostic(output)) return [input, output].filter(isDiagnostic);
  return { name: method.name, input, output, builtIn: false };
}

/** The declaration with the body (the last one, after any overload signatures). */
function implementationOf(method: OperationMethod): MethodDeclaration {
  return method.declarations.find((d) => d.hasBody()) ?? (method.declarations[method.declarations.length - 1] as MethodDeclaration);
}

/** Source order: by file, then by position. */
function comparePositions(a: Node | undefined, b: Node | undefined): number {
  return compareText(a?.getSourceFile().getFilePath() ?? '', b?.getSourceFile().getFilePath() ?? '') || (a?.getStart() ?? 0) - (b?.getStart() ?? 0);
}
