import { Node, type ClassDeclaration, type Decorator } from 'ts-morph';
import type { CodegenDiagnostic } from '../model/codegen-diagnostic';
import type { DurableFunctionModel } from '../model/codegen-model';
import { awaitedReturnType, isDiagnostic, payloadType, resultNode, VOID_TYPE } from './function-types';
import { readDecoratorName } from './read-decorator-name';
import { diagnosticAt, locationOf, type ScanContext } from './scan-context';
import type { ScanResult } from './scan-orchestrator';

/** One `@Activity` member found on a class, with the decorator that marks it. */
export interface ActivityMember {
  readonly member: Node;
  readonly decorator: Decorator;
}

/** The `@Activity` members of an `@Activities()` class: name, input (the one parameter) and result. */
export function scanActivities(scan: ScanContext, cls: ClassDeclaration, members: readonly ActivityMember[]): ScanResult {
  const result: ScanResult = { functions: [], diagnostics: [] };
  for (const { member, decorator } of members) {
    const scanned = scanActivity(scan, cls, member, decorator);
    if ('rule' in scanned) result.diagnostics.push(scanned);
    else if (Array.isArray(scanned)) result.diagnostics.push(...scanned);
    else result.functions.push(scanned);
  }
  return result;
}

function scanActivity(scan: ScanContext, cls: ClassDeclaration, member: Node, decorator: Decorator): DurableFunctionModel | CodegenDiagnostic | CodegenDiagnostic[] {
  const className = cls.getName() ?? 'default';
  if (!Node.isMethodDeclaration(member) || member.isStatic()) {
    return diagnosticAt(decorator, 'activity-not-method', `@Activity must be on an instance method of ${className}; static methods, properties and accessors cannot be activities`);
  }
  const methodName = member.getName();
  const named = readDecoratorName(decorator, 'Activity', methodName);
  if ('diagnostic' in named) return named.diagnostic;
  const parameters = member.getParameters();
  // A second parameter may only be the ActivityContext the worker passes (its abort signal).
  const extra = parameters.slice(1).find((p, i) => i > 0 || p.getType().getSymbol()?.getName() !== 'ActivityContext');
  if (extra !== undefined) {
    const message = `activity '${named.name}' (${className}.${methodName}) has ${parameters.length} parameters; an activity takes one input (and optionally an ActivityContext) — put the values in one object parameter`;
    return diagnosticAt(extra, 'activity-parameters', message);
  }
  const parameter = parameters[0];
  const input =
    parameter === undefined
      ? VOID_TYPE
      : payloadType(scan, scan.checker.getTypeAtLocation(parameter.compilerNode), parameter.getTypeNode() ?? parameter, `the input of activity '${named.name}'`);
  const output = payloadType(scan, awaitedReturnType(scan, member), resultNode(member), `the result of activity '${named.name}'`);
  if (isDiagnostic(input) || isDiagnostic(output)) return [input, output].filter(isDiagnostic);
  return { name: named.name, kind: 'activity', className, methodName, input, output, location: locationOf(scan, decorator) };
}
