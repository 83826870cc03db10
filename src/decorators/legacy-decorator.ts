import { CompilerOptionsError } from '../model/errors/compiler-options-error';
import { captureDeclarationSite, recordDeclarationSite } from './declaration-site';

/**
 * The second argument of a standard (TC39) decorator call, `(value, context)`. A legacy method
 * decorator gets a property key there, and a legacy class decorator gets nothing.
 */
interface StandardDecoratorContext {
  readonly kind: string;
  readonly name?: string | symbol;
}

/**
 * A class decorator that refuses to run as a standard decorator and records where its class was
 * declared, then applies `apply`. Every durable-ts class decorator is built with it.
 */
export function legacyClassDecorator(decorator: string, apply: (target: Function) => void): ClassDecorator {
  return ((...args: unknown[]): void => {
    assertLegacyDecoratorCall(decorator, args);
    const target = args[0] as Function;
    recordDeclarationSite(target);
    apply(target);
  }) as ClassDecorator;
}

/** A method decorator that refuses to run as a standard decorator, then applies `apply`. */
export function legacyMethodDecorator(
  decorator: string,
  apply: (target: object, propertyKey: string | symbol, descriptor?: PropertyDescriptor) => void,
): MethodDecorator {
  return ((...args: unknown[]): void => {
    assertLegacyDecoratorCall(decorator, args);
    apply(args[0] as object, args[1] as string | symbol, args[2] as PropertyDescriptor | undefined);
  }) as MethodDecorator;
}

/**
 * Compiled without `experimentalDecorators`, TypeScript 5 (and bundlers) call decorators with the
 * standard `(value, context)` shape. tsyringe and our metadata need the legacy shape, and carrying
 * on would fail later with an unrelated message, so say which option is missing right here.
 * @throws CompilerOptionsError when `args` has the standard shape.
 */
function assertLegacyDecoratorCall(decorator: string, args: readonly unknown[]): void {
  const context = args[1];
  if (!isStandardDecoratorContext(context)) return;
  const name = typeof context.name === 'string' ? context.name : String(context.name ?? '(anonymous)');
  throw new CompilerOptionsError(
    'experimentalDecorators',
    `${decorator} on ${context.kind} '${name}'`,
    captureDeclarationSite(),
    'was called as a standard (TC39) decorator',
  );
}

function isStandardDecoratorContext(value: unknown): value is StandardDecoratorContext {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}
