import { statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { runCodegen, type CodegenRun } from './run-codegen';
import type { CodegenOptions } from './generate';

export interface CodegenWatcher {
  /** Stops watching; a run in progress finishes. */
  close(): void;
}

export interface WatchCodegenOptions extends CodegenOptions {
  /** Quiet time after the last change before regenerating; default 100 ms (editors save in bursts). */
  readonly debounceMs?: number;
}

/**
 * Regenerates on every change: runs once at once, then again after each burst of changes to the
 * scanned folders or the tsconfig. Each run opens the project anew, so new, renamed and deleted
 * files and tsconfig edits are all seen. Changes inside the output folder (its own writes) and
 * node_modules are ignored. `onRun` gets each run, or the error that stopped it.
 */
export function watchCodegen(options: WatchCodegenOptions, onRun: (run: CodegenRun | Error) => void): CodegenWatcher {
  const out = resolve(options.out);
  const roots = options.include.length > 0 ? options.include.map((path) => resolve(path)) : [dirname(resolve(options.project))];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const regenerate = (): void => {
    timer = undefined;
    if (closed) return;
    try {
      onRun(runCodegen(options));
    } catch (error) {
      onRun(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const changed = (path: string): void => {
    if (isIgnoredChange(path, out)) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(regenerate, options.debounceMs ?? 100);
  };
  const watchers: FSWatcher[] = [
    ...roots.map((root) => watch(root, { recursive: statSync(root).isDirectory() }, (_event, name) => changed(name === null ? root : resolve(root, name.toString())))),
    watch(resolve(options.project), () => changed(resolve(options.project))),
  ];
  regenerate();
  return {
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}

/** Changes that never start a run: the output folder (the watcher's own writes) and node_modules. */
export function isIgnoredChange(path: string, outDir: string): boolean {
  return isWithin(path, resolve(outDir)) || path.split(sep).includes('node_modules');
}

function isWithin(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder + sep);
}
