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
  /**
   * The external events an orchestrator declares (`OrchestrationContext<Input, Events>`), sorted
   * by name; absent when it declares none (then any event name is accepted).
   */
  readonly events?: readonly ExternalEventModel[];
  readonly location: SourceLocation;
}

/** One declared external event of an orchestrator: its name and payload type. */
export interface ExternalEventModel {
  readonly name: string;
  readonly payload: TypeText;
}

/** One typed operation of an entity: a public method (or the built-in `delete`). */
export interface EntityOperationModel {
  /** The operation name: the method name. */
  readonly name: string;
  /** The parameter's type, `void` without one. */
  readonly input: TypeText;
  /** The return type, awaited. */
  readonly output: TypeText;
  /** The built-in `delete` (the class has no operation of that name). */
  readonly builtIn: boolean;
}

/** One data field of an entity's state, as a client reads it back from JSON. */
export interface EntityStateFieldModel {
  readonly name: string;
  readonly type: TypeText;
  readonly optional: boolean;
  /** Why the field is typed `unknown`: its declared type does not come back from JSON as it was. */
  readonly note?: string;
}

/** An `@Entity` class: its name, state fields and operations, sorted by name. */
export interface DurableEntityModel {
  readonly name: string;
  readonly className: string;
  readonly state: readonly EntityStateFieldModel[];
  readonly operations: readonly EntityOperationModel[];
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
  readonly entities: readonly DurableEntityModel[];
  readonly classes: readonly DurableClassModel[];
  /** JSON Schemas of the declared inputs, which the host checks at its doors (empty when codegen reported problems). */
  readonly schemas: InputSchemasModel;
}

/** A JSON value, as JSON Schemas are. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The schema of one declared input; `optional` when the type accepts no value at all (`undefined`). */
export interface InputSchemaModel {
  readonly optional: boolean;
  readonly schema: { readonly [key: string]: JsonValue };
}

/**
 * The schemas of every declared input by where it enters, names as declared. An input whose type
 * accepts anything (`unknown`, `void`) has no entry: the host accepts any value there.
 */
export interface InputSchemasModel {
  readonly orchestrators: { readonly [name: string]: { readonly input?: InputSchemaModel; readonly events?: { readonly [event: string]: InputSchemaModel } } };
  readonly activities: { readonly [name: string]: InputSchemaModel };
  readonly entities: { readonly [name: string]: { readonly [operation: string]: InputSchemaModel } };
  /** Inputs the generator could not describe, and why: they are not checked. */
  readonly unchecked: readonly string[];
}
