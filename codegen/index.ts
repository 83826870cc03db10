// The codegen's programmatic entry (`durable-ts/codegen`), for build tools. It needs ts-morph
// (an optional peer dependency of durable-ts): install it where the build runs.
export { generate, DEFAULT_CODEGEN_OPTIONS } from './generate';
export type { CodegenOptions, CodegenResult, CodegenTimings } from './generate';
export type { DeterminismMode } from './generate';
export { analyzeDeterminism } from './analyze/analyze-determinism';
export type { DeterminismOptions } from './analyze/analyze-determinism';
export { runCodegen } from './run-codegen';
export type { CodegenRun, RunCodegenOptions } from './run-codegen';
export { watchCodegen } from './watch-codegen';
export type { CodegenWatcher, WatchCodegenOptions } from './watch-codegen';
export type { CodegenDiagnostic } from './model/codegen-diagnostic';
export { formatDiagnostic } from './model/codegen-diagnostic';
export type { CodegenModel } from './model/codegen-model';
export type { GeneratedFile } from './emit/emit-files';
