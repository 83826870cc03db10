import { Node, type Decorator } from 'ts-morph';
import type { CodegenDiagnostic } from '../model/codegen-diagnostic';
import { diagnosticAt } from './scan-context';

/**
 * The function name a decorator declares: its first argument, which must be a string literal
 * (codegen reads names from the source), or `fallback` when there is none, as the decorator does.
 */
export function readDecoratorName(decorator: Decorator, displayName: string, fallback: string): { name: string } | { diagnostic: CodegenDiagnostic } {
  const first = decorator.getArguments()[0];
  if (first === undefined || (Node.isIdentifier(first) && first.getText() === 'undefined')) return { name: fallback };
  if (Node.isStringLiteral(first) || Node.isNoSubstitutionTemplateLiteral(first)) return { name: first.getLiteralValue() };
  return {
    diagnostic: diagnosticAt(
      first,
      'decorator-name-not-literal',
      `the name given to @${displayName} must be a string literal, e.g. @${displayName}('MyFunction'), found \`${first.getText()}\`; codegen reads names from the source`,
    ),
  };
}
