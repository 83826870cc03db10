import { Node, ts, type ClassDeclaration, type ParameterDeclaration, type PropertyDeclaration, type Symbol as MorphSymbol } from 'ts-morph';
import type { CodegenDiagnostic } from '../model/codegen-diagnostic';
import { compareText } from '../model/codegen-diagnostic';
import type { EntityStateFieldModel } from '../model/codegen-model';
import { describeType } from './describe-type';
import { resolveAlias } from './durable-declarations';
import { findTypeProblem } from './find-type-problem';
import { isDiagnostic, payloadType } from './function-types';
import type { ScanContext } from './scan-context';

/**
 * The stored data fields a client reads back, by the rule the runtime applies when it stores an
 * entity (src/host/entity-descriptors.ts, README "What an entity stores"): the declared instance data
 * fields of any visibility — `private` and `protected` are erased at run time, so they are stored
 * — own or inherited, except injected dependencies (constructor parameter properties and fields
 * assigned a constructor parameter in the constructor), `@Exclude()`d fields, functions,
 * `#private` fields, statics and accessors.
 *
 * A field whose type does not come back from JSON as it was (a Date restored with `@Type()`, a
 * class with methods…) is typed `unknown`, with the reason; a type the generated code cannot
 * import is an error.
 */
export function stateFields(scan: ScanContext, cls: ClassDeclaration, entity: string, diagnostics: CodegenDiagnostic[]): EntityStateFieldModel[] {
  const fields: EntityStateFieldModel[] = [];
  for (const symbol of cls.getType().getProperties()) {
    const declaration = dataFieldDeclaration(symbol);
    if (declaration === undefined || isExcluded(scan, declaration) || isInjected(scan, declaration)) continue;
    const type = scan.checker.getTypeOfSymbolAtLocation(symbol.compilerSymbol, cls.compilerNode);
    if (!type.isUnion() && type.getCallSignatures().length > 0) continue;
    const name = symbol.getName();
    const optional = (symbol.getFlags() & ts.SymbolFlags.Optional) !== 0;
    const problem = findTypeProblem(scan, type);
    if (problem === undefined) {
      fields.push({ name, type: describeType(scan, type), optional });
    } else if (problem.rule === 'not-json-serializable') {
      const where = problem.path === '$' ? '' : ` (at ${problem.path})`;
      fields.push({ name, type: { text: 'unknown', imports: [] }, optional, note: `typed unknown${where}: ${problem.reason}` });
    } else {
      const node = declaration.getTypeNode() ?? declaration.getNameNode();
      const described = payloadType(scan, type, node, `the state field '${name}' of entity '${entity}'`);
      if (isDiagnostic(described)) diagnostics.push(described);
    }
  }
  return fields.sort((a, b) => compareText(a.name, b.name));
}

/** A declared field or a constructor parameter property. */
type FieldDeclaration = PropertyDeclaration | ParameterDeclaration;

/** The declaration of a non-static data field of any visibility (not `#private`), or undefined. */
function dataFieldDeclaration(symbol: MorphSymbol): FieldDeclaration | undefined {
  if (!(symbol.getFlags() & ts.SymbolFlags.Property) || symbol.getName().startsWith('#')) return undefined;
  const declaration = symbol.getDeclarations()[0];
  if (Node.isPropertyDeclaration(declaration)) return declaration.isStatic() ? undefined : declaration;
  if (Node.isParameterDeclaration(declaration) && declaration.isParameterProperty()) return declaration;
  return undefined;
}

/**
 * An injected dependency: a constructor parameter property, or a field the constructor body
 * assigns a parameter to (`this.audit = audit;`). The runtime recognises these by identity with
 * the constructor's arguments, which it can do only for objects, functions and strings; a number
 * or boolean parameter is stored like data, so it is typed as state here too.
 */
function isInjected(scan: ScanContext, declaration: FieldDeclaration): boolean {
  const parameter = Node.isParameterDeclaration(declaration) ? declaration : assignedParameter(declaration);
  return parameter !== undefined && mayBeIdentifiedAtRunTime(scan.checker.getTypeAtLocation(parameter.compilerNode));
}

/** The constructor parameter assigned to `field` by a statement `this.<field> = <parameter>;` of the constructor. */
function assignedParameter(field: PropertyDeclaration): ParameterDeclaration | undefined {
  const cls = field.getParent();
  if (!Node.isClassDeclaration(cls)) return undefined;
  const constructor = cls.getConstructors().find((c) => c.hasBody());
  if (constructor === undefined) return undefined;
  const parameters = new Map(constructor.getParameters().map((p) => [p.getName(), p]));
  for (const statement of constructor.getStatements()) {
    if (!Node.isExpressionStatement(statement)) continue;
    const expression = statement.getExpression();
    if (!Node.isBinaryExpression(expression) || expression.getOperatorToken().getKind() !== ts.SyntaxKind.EqualsToken) continue;
    const left = expression.getLeft();
    const right = expression.getRight();
    if (!Node.isPropertyAccessExpression(left) || !Node.isThisExpression(left.getExpression()) || left.getName() !== field.getName()) continue;
    if (Node.isIdentifier(right)) {
      const parameter = parameters.get(right.getText());
      if (parameter !== undefined && right.getSymbol()?.getDeclarations()[0] === parameter) return parameter;
    }
  }
  return undefined;
}

/** False when every value of `type` is a number, boolean, bigint, null or undefined (the runtime cannot tell those from data). */
function mayBeIdentifiedAtRunTime(type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  const primitive = ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void;
  return members.some((member) => (member.flags & primitive) === 0);
}

/** `@Exclude()` of class-transformer (imported from it or from durable-ts's re-export): the field is not stored. */
function isExcluded(scan: ScanContext, declaration: FieldDeclaration): boolean {
  return declaration.getDecorators().some((decorator) => {
    const callee = decorator.getCallExpression()?.getExpression() ?? decorator.getExpression();
    const nameNode = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
    const symbol = scan.checker.getSymbolAtLocation(nameNode.compilerNode);
    if (symbol === undefined) return false;
    const resolved = resolveAlias(scan.checker, symbol);
    const file = resolved.declarations?.[0]?.getSourceFile().fileName ?? '';
    return resolved.getName() === 'Exclude' && file.includes('/class-transformer/');
  });
}
