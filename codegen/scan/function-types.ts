import { ts, type MethodDeclaration, type Node } from 'ts-morph';
import type { CodegenDiagnostic } from '../model/codegen-diagnostic';
import type { TypeText } from '../model/codegen-model';
import { describeType } from './describe-type';
import { findTypeProblem } from './find-type-problem';
import { diagnosticAt, type ScanContext } from './scan-context';

/** The type text of a function without input. */
export const VOID_TYPE: TypeText = { text: 'void', imports: [] };

/**
 * The text of an input or result type, or a diagnostic at `node` when the type cannot cross
 * JSON or cannot be imported by the generated code.
 */
export function payloadType(scan: ScanContext, type: ts.Type, node: Node, what: string): TypeText | CodegenDiagnostic {
  const problem = findTypeProblem(scan, type);
  if (problem === undefined) return describeType(scan, type);
  const where = problem.path === '$' ? '' : ` at ${problem.path}`;
  const verb = problem.rule === 'type-not-exported' ? 'named by the generated code' : 'sent as JSON';
  const diagnostic = diagnosticAt(node, problem.rule, `${what} cannot be ${verb}${where}: ${problem.reason}`);
  return problem.declaredAt === undefined ? diagnostic : { ...diagnostic, related: { what: 'declared', ...problem.declaredAt } };
}

/** The result type of a method: its return type, awaited. */
export function awaitedReturnType(scan: ScanContext, method: MethodDeclaration): ts.Type {
  const signature = scan.checker.getSignatureFromDeclaration(method.compilerNode);
  const returned = signature === undefined ? scan.checker.getTypeAtLocation(method.compilerNode) : scan.checker.getReturnTypeOfSignature(signature);
  return scan.checker.getAwaitedType(returned) ?? returned;
}

/** True when the type is the library's Promise. */
export function isPromiseType(type: ts.Type): boolean {
  return type.getSymbol()?.getName() === 'Promise' && (type.flags & ts.TypeFlags.Object) !== 0;
}

/** Where to point at a method's result: its return type annotation, else its name. */
export function resultNode(method: MethodDeclaration): Node {
  return method.getReturnTypeNode() ?? method.getNameNode();
}

export function isDiagnostic(value: TypeText | CodegenDiagnostic): value is CodegenDiagnostic {
  return 'rule' in value;
}
