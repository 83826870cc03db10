/**
 * The scaffold's tsconfig.json (written as comment-free JSON, so any JSON tool can read it).
 * The same file serves CommonJS and ESM apps: with `nodenext`, package.json's "type" decides
 * the output format.
 */
export function scaffoldTsconfig(): string {
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      noUncheckedIndexedAccess: true,
      // durable-ts's decorators and tsyringe's @injectable() are legacy (stage 2) decorators.
      experimentalDecorators: true,
      // Emits design:paramtypes, the constructor parameter types tsyringe resolves injected
      // services from; without it an activity class with a constructor cannot be built.
      emitDecoratorMetadata: true,
      // Class fields as assignments in the constructor, the semantics legacy decorators were
      // designed for: with [[Define]] (the ES2022 default) a field shadows any accessor a property
      // decorator put on the prototype. vitest.config.mts sets swc the same way, so tests run
      // the code the build makes.
      useDefineForClassFields: false,
      esModuleInterop: true,
      skipLibCheck: true,
      sourceMap: true,
      outDir: 'dist',
      rootDir: 'src',
      types: ['node'],
    },
    include: ['src'],
  };
  return `${JSON.stringify(tsconfig, null, 2)}\n`;
}
