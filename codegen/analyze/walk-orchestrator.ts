import { basename } from 'node:path';
import { ts } from 'ts-morph';
import type { AnalyzeContext } from './analyze-context';
import { findNonDurableAwait } from './durable-await';
import { constructorTarget, followTarget, functionLabel, type FollowedFunction } from './follow-target';
import { findMutableStateUse } from './mutable-module-state';
import { findApiUse, type ApiUse } from './nondeterministic-api';

/** A non-replay-safe use, with the call path from the orchestrator's `run` to the function it is in. */
export interface Reached {
  readonly use: ApiUse;
  /** `['PlaceOrder.run']` in run itself; `['PlaceOrder.run', 'pricing.ts computeTotal']` in a helper. */
  readonly path: readonly string[];
}

interface Pending {
  readonly fn: FollowedFunction;
  readonly path: readonly string[];
}

/**
 * Walks `run` and, breadth first, every project function it reaches (calls, `this.method()`,
 * functions passed by reference, getters, constructors of `new`), each once across all
 * orchestrators (`visited` is shared), and reports every non-replay-safe use found on the way.
 */
export function walkOrchestrator(context: AnalyzeContext, className: string, run: ts.MethodDeclaration, visited: Set<ts.Node>, report: (found: Reached) => void): void {
  if (visited.has(run)) return;
  visited.add(run);
  const queue: Pending[] = [{ fn: run, path: [`${className}.run`] }];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { fn, path } = next;
    const enqueue = (target: FollowedFunction | undefined): void => {
      if (target === undefined || visited.has(target)) return;
      visited.add(target);
      const sameFile = target.getSourceFile() === fn.getSourceFile();
      const label = sameFile ? functionLabel(target) : `${basename(target.getSourceFile().fileName)} ${functionLabel(target)}`;
      queue.push({ fn: target, path: [...path, label] });
    };
    const isFollowed = (call: ts.CallExpression): boolean => {
      const callee = call.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
      return followTarget(context, name) !== undefined;
    };
    const visit = (node: ts.Node): void => {
      if (ts.isTypeNode(node)) return;
      if (ts.isIdentifier(node)) {
        const use = findApiUse(context, node) ?? findMutableStateUse(context, node);
        if (use !== undefined) report({ use, path });
        enqueue(followTarget(context, node));
        return;
      }
      if (ts.isAwaitExpression(node)) {
        const use = findNonDurableAwait(context, node, isFollowed);
        if (use !== undefined) report({ use, path });
      } else if (ts.isNewExpression(node)) {
        enqueue(constructorTarget(context, node));
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body !== undefined) visit(fn.body);
  }
}
