/**
 * The plain, JSON-able result of scanning a project: what the emitter renders. Paths are
 * relative to the project root (the folder of its tsconfig), with '/' separators.
 */

export type DurableFunctionKind = 'activity' | 'orchestrator';

/** Where something is declared: 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A named type that a type text uses. In `TypeText.text` it is written as the TypeScript import
 * type `import("<module>").<name>`; the emitter replaces that with an imported name.
 */
export interface TypeImport {
  readonly name: string;
  /** A project file path (kind 'file') or a package name (kind 'package'). */
  readonly module: string;
  readonly kind: 'file' | 'package';
}

export interface TypeText {
  readonly text: string;
  readonly imports: readonly TypeImport[];
}

/** An activity or an orchestrator, with the types its typed call uses. */
export interface DurableFunctionModel {
  readonly name: string;
  readonly kind: DurableFunctionKind;
  readonly className: string;
  /** The activity method, or `run`. */
  readonly methodName: string;
  readonly input: TypeText;
  readonly output: TypeText;
  readonly location: SourceLocation;
}

/** A decorated class that the host must be given (registration list). */
export interface DurableClassModel {
  readonly className: string;
  readonly file: string;
  readonly decorator: string;
}

export interface CodegenModel {
  readonly functions: readonly DurableFunctionModel[];
  readonly classes: readonly DurableClassModel[];
}
