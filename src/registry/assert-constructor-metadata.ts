import { lacksConstructorMetadata } from '../decorators/constructor-metadata';
import { readDeclarationSite } from '../decorators/declaration-site';
import { CompilerOptionsError } from '../model/errors/compiler-options-error';

/**
 * Refuses a class whose constructor parameters the container cannot know. Checked while the
 * registry is built, before any storage is opened, because tsyringe would only fail on the first
 * resolve and its "TypeInfo not known … or mark them @injectable()" never mentions the compiler
 * option that is actually missing.
 * @throws CompilerOptionsError naming the class, its file and `emitDecoratorMetadata`.
 */
export function assertConstructorMetadata(cls: Function): void {
  if (!lacksConstructorMetadata(cls)) return;
  throw new CompilerOptionsError(
    'emitDecoratorMetadata',
    `Class '${cls.name || '(anonymous class)'}'`,
    readDeclarationSite(cls),
    `has ${cls.length} constructor parameter${cls.length === 1 ? '' : 's'} but no design:paramtypes metadata, so the container cannot tell what to inject`,
  );
}
