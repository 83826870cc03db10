import { Node, type ClassDeclaration, type Decorator, type MethodDeclaration, type ParameterDeclaration } from 'ts-morph';
import type { CodegenDiagnostic } from '../model/codegen-diagnostic';
import type { DurableFunctionModel, TypeText } from '../model/codegen-model';
import { awaitedReturnType, isDiagnostic, isPromiseType, payloadType, resultNode, VOID_TYPE } from './function-types';
import { readDecoratorName } from './read-decorator-name';
import { scanOrchestratorEvents } from './scan-orchestrator-events';
import { diagnosticAt, locationOf, type ScanContext } from './scan-context';

export interface ScanResult {
  readonly functions: DurableFunctionModel[];
  readonly diagnostics: CodegenDiagnostic[];
}

/**
 * An `@Orchestrator` class: its name, input (the type argument of `OrchestrationContext<T>`, read
 * from `ctx.getInput()`), declared events (its second type argument) and output (what `run`
 * resolves to). `run` must be async.
 */
export function scanOrchestrator(scan: ScanContext, cls: ClassDeclaration, decorator: Decorator): ScanResult {
  const className = cls.getName() ?? 'default';
  const named = readDecoratorName(decorator, 'Orchestrator', className);
  if ('diagnostic' in named) return { functions: [], diagnostics: [named.diagnostic] };
  const run = findRun(cls);
  if (run === undefined) {
    const message = `@Orchestrator class ${className} needs a method \`async run(ctx: OrchestrationContext<Input>): Promise<Output>\``;
    return { functions: [], diagnostics: [diagnosticAt(cls.getNameNode() ?? cls, 'orchestrator-without-run', message)] };
  }
  const signature = scan.checker.getSignatureFromDeclaration(run.compilerNode);
  const returnType = signature === undefined ? undefined : scan.checker.getReturnTypeOfSignature(signature);
  if (!run.isAsync() && (returnType === undefined || !isPromiseType(returnType))) {
    const message = `${className}.run must be async (or return a Promise): orchestrators await durable tasks, found a run that returns ${
      returnType === undefined ? 'nothing' : scan.checker.typeToString(returnType)
    }`;
    return { functions: [], diagnostics: [diagnosticAt(run.getNameNode(), 'orchestrator-not-async', message)] };
  }
  const input = inputType(scan, run, named.name);
  const output = payloadType(scan, awaitedReturnType(scan, run), resultNode(run), `the output of orchestrator '${named.name}'`);
  const scanned = scanOrchestratorEvents(scan, run.getParameters()[0], named.name);
  const diagnostics = [...[input, output].filter(isDiagnostic), ...scanned.diagnostics];
  if (isDiagnostic(input) || isDiagnostic(output) || diagnostics.length > 0) return { functions: [], diagnostics };
  const events = scanned.events === undefined ? {} : { events: scanned.events };
  return {
    functions: [{ name: named.name, kind: 'orchestrator', className, methodName: 'run', input, output, ...events, location: locationOf(scan, decorator) }],
    diagnostics: [],
  };
}

function findRun(cls: ClassDeclaration): MethodDeclaration | undefined {
  const declaration = cls.getType().getProperty('run')?.getDeclarations()[0];
  return declaration !== undefined && Node.isMethodDeclaration(declaration) ? declaration : undefined;
}

function inputType(scan: ScanContext, run: MethodDeclaration, name: string): TypeText | CodegenDiagnostic {
  const ctx = run.getParameters()[0];
  if (ctx === undefined) return VOID_TYPE;
  const ctxType = scan.checker.getTypeAtLocation(ctx.compilerNode);
  const getInput = scan.checker.getPropertyOfType(ctxType, 'getInput');
  const signature = getInput === undefined ? undefined : scan.checker.getTypeOfSymbolAtLocation(getInput, ctx.compilerNode).getCallSignatures()[0];
  if (signature === undefined) return { text: 'unknown', imports: [] };
  return payloadType(scan, scan.checker.getReturnTypeOfSignature(signature), inputNode(ctx), `the input of orchestrator '${name}'`);
}

/** `T` in `ctx: OrchestrationContext<T>`, else the parameter. */
function inputNode(ctx: ParameterDeclaration): Node {
  const typeNode = ctx.getTypeNode();
  if (typeNode !== undefined && Node.isTypeReference(typeNode)) return typeNode.getTypeArguments()[0] ?? typeNode;
  return ctx;
}
