import { Node, ts, type ParameterDeclaration } from 'ts-morph';
import { compareText, type CodegenDiagnostic } from '../model/codegen-diagnostic';
import type { ExternalEventModel } from '../model/codegen-model';
import { isDiagnostic, payloadType } from './function-types';
import { diagnosticAt, type ScanContext } from './scan-context';

export interface ScannedEvents {
  /** Undefined when the orchestrator declares no events. */
  readonly events?: ExternalEventModel[];
  readonly diagnostics: CodegenDiagnostic[];
}

/**
 * The events an orchestrator declares as the second type argument of its context,
 * `run(ctx: OrchestrationContext<Input, { shipped: ShippedEvent }>)`: read through the checker,
 * so an alias of the context type or of the events type works too. Each payload must survive
 * JSON like any input; names must not differ only in case (the runtime matches them
 * case-insensitively, so two such names would be one event).
 */
export function scanOrchestratorEvents(scan: ScanContext, ctx: ParameterDeclaration | undefined, orchestrator: string): ScannedEvents {
  if (ctx === undefined) return { diagnostics: [] };
  const eventsType = declaredEventsType(scan, scan.checker.getTypeAtLocation(ctx.compilerNode));
  if (eventsType === undefined || eventsType.flags & ts.TypeFlags.Never) return { diagnostics: [] };
  const node = eventsNode(ctx);
  const notNamed = namedPropertiesProblem(scan, eventsType);
  if (notNamed !== undefined) {
    const message = `the events of orchestrator '${orchestrator}' must be an object type of named events (name → payload type), e.g. { shipped: ShippedEvent; cancelled: void }: ${notNamed}`;
    return { diagnostics: [diagnosticAt(node, 'orchestrator-events', message)] };
  }
  const events: ExternalEventModel[] = [];
  const diagnostics: CodegenDiagnostic[] = [];
  const seen = new Map<string, string>();
  for (const property of scan.checker.getPropertiesOfType(eventsType)) {
    const name = property.getName();
    const clash = seen.get(name.toLowerCase());
    if (clash !== undefined) {
      const message = `orchestrator '${orchestrator}' declares the events '${clash}' and '${name}', which differ only in case; event names are case-insensitive, so they would be one event`;
      diagnostics.push(diagnosticAt(node, 'orchestrator-events', message));
      continue;
    }
    seen.set(name.toLowerCase(), name);
    const what = `the payload of event '${name}' of orchestrator '${orchestrator}'`;
    const payload = payloadType(scan, scan.checker.getTypeOfSymbolAtLocation(property, ctx.compilerNode), node, what);
    if (isDiagnostic(payload)) diagnostics.push(payload);
    else events.push({ name, payload });
  }
  return { events: events.sort((a, b) => compareText(a.name, b.name)), diagnostics };
}

/** `TEvents` of durable-ts's `OrchestrationContext<TInput, TEvents>`, or undefined for any other type. */
function declaredEventsType(scan: ScanContext, ctxType: ts.Type): ts.Type | undefined {
  const symbol = ctxType.getSymbol();
  if (symbol === undefined || scan.durable.exportNameOf(symbol) !== 'OrchestrationContext') return undefined;
  if (!(ctxType.flags & ts.TypeFlags.Object) || !((ctxType as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference)) return undefined;
  return scan.checker.getTypeArguments(ctxType as ts.TypeReference)[1];
}

/** Why the type is not a plain map of named events, or undefined when it is. */
function namedPropertiesProblem(scan: ScanContext, type: ts.Type): string | undefined {
  if (type.isUnion()) return 'found a union';
  if (!(type.flags & ts.TypeFlags.Object)) return `found ${scan.checker.typeToString(type)}`;
  if (scan.checker.getIndexInfosOfType(type).length > 0) return 'found an index signature (any name), which names no event';
  return undefined;
}

/** The events type argument in `ctx: OrchestrationContext<Input, Events>`, else the parameter. */
function eventsNode(ctx: ParameterDeclaration): Node {
  const typeNode = ctx.getTypeNode();
  if (typeNode !== undefined && Node.isTypeReference(typeNode)) return typeNode.getTypeArguments()[1] ?? typeNode;
  return ctx;
}
