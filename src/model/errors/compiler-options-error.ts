import { DurableError } from './durable-error';

/** The compiler option whose absence was detected. */
export type MissingCompilerOption = 'emitDecoratorMetadata' | 'experimentalDecorators';

/**
 * The app was compiled without the decorator options durable-ts and tsyringe need. Both mistakes
 * compile cleanly and would otherwise surface as tsyringe's "TypeInfo not known" (missing
 * metadata) or as an unrelated crash (standard decorators), neither of which names the flag.
 */
export class CompilerOptionsError extends DurableError {
  readonly code = 'COMPILER_OPTIONS' as const;
  constructor(
    readonly missingOption: MissingCompilerOption,
    /** The class, or `@Decorator on Class` for a decorator applied the wrong way. */
    readonly declaration: string,
    /** The file the class was declared in, or `(unknown file)`. */
    readonly declaredIn: string,
    /** What was observed, e.g. "has constructor parameters but no design:paramtypes metadata". */
    readonly symptom: string,
  ) {
    super(
      `${declaration} (declared in ${declaredIn}) ${symptom}: the app was compiled without "${missingOption}". ` +
        'Set "emitDecoratorMetadata": true and "experimentalDecorators": true in tsconfig.json compilerOptions; ' +
        'with swc/esbuild-based runners, enable legacy decorators and decorator metadata ' +
        '(swc: jsc.transform.legacyDecorator and jsc.transform.decoratorMetadata; esbuild cannot emit decorator metadata, so compile with tsc or swc).' +
        (missingOption === 'emitDecoratorMetadata' ? ' Alternatively, give every constructor parameter an @inject(token).' : ''),
    );
  }
}
