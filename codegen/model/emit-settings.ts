import type { ModuleStyle } from './module-style';

/** What the generated files depend on besides the scanned model. */
export interface EmitSettings {
  /** How relative imports are written, from the project's compiler options. */
  readonly moduleStyle: ModuleStyle;
  /** The command that regenerates the files, named in their banner. */
  readonly command: string;
}
