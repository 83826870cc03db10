import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { DECLARED_IN_METADATA_KEY } from './metadata-keys';

/** What start-up errors print when the declaring file could not be read from the stack. */
export const UNKNOWN_FILE = '(unknown file)';

/**
 * Frames to skip on the way from a decorator to the user's class: the decorator helpers of
 * reflect-metadata (`Reflect.decorate`), tslib and swc, and tsyringe. Our own decorators folder is
 * skipped by comparing with the folder of this file's frame, which works for the sources, the
 * built package and any copy of it under node_modules.
 */
const HELPER_PACKAGES = /[\\/]node_modules[\\/](?:reflect-metadata|tsyringe|tslib|@swc[\\/]helpers)[\\/]/;

/** Enough frames to get past nested helpers; the default (10) is enough today but not by much. */
const FRAMES_TO_CAPTURE = 30;

/**
 * The file of the code that applied the decorator now running: the first stack frame outside
 * durable-ts's decorators folder and the decorator helper packages, or `UNKNOWN_FILE`.
 * One stack capture; called once per decorated class at import time, or when throwing.
 */
export function captureDeclarationSite(): string {
  const holder: { stack?: string } = {};
  const previousLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES_TO_CAPTURE;
  try {
    Error.captureStackTrace(holder, captureDeclarationSite);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  const files = (holder.stack ?? '').split('\n').map(fileOfFrame).filter((f): f is string => f !== undefined);
  const ownFolder = folderOf(files[0] ?? '');
  return files.find((f) => folderOf(f) !== ownFolder && !HELPER_PACKAGES.test(f) && !f.startsWith('node:')) ?? UNKNOWN_FILE;
}

/** Records where `target` was declared; the first durable-ts class decorator applied wins. */
export function recordDeclarationSite(target: Function): void {
  if (Reflect.hasOwnMetadata(DECLARED_IN_METADATA_KEY, target)) return;
  Reflect.defineMetadata(DECLARED_IN_METADATA_KEY, captureDeclarationSite(), target);
}

/** The file `cls` was declared in, as recorded by its durable-ts class decorator, or `UNKNOWN_FILE`. */
export function readDeclarationSite(cls: Function): string {
  const site: unknown = Reflect.getOwnMetadata(DECLARED_IN_METADATA_KEY, cls);
  return typeof site === 'string' ? site : UNKNOWN_FILE;
}

/**
 * The file of one V8 stack line: `at fn (/a/b.ts:1:2)`, `at /a/b.ts:1:2` or `at file:///a/b.mjs:1:2`.
 * Undefined for the message line and for frames without a file (`<anonymous>`, `native`).
 */
function fileOfFrame(line: string): string | undefined {
  const match = /^\s*at (?:.*? \()?(.+?):\d+:\d+\)?$/.exec(line);
  const location = match?.[1];
  if (location === undefined || location.startsWith('eval at ')) return undefined;
  if (!location.startsWith('file://')) return location;
  try {
    return fileURLToPath(location);
  } catch {
    return location.slice('file://'.length); // not a valid file URL: keep the path part as it is
  }
}

function folderOf(file: string): string {
  return file.replace(/[\\/][^\\/]*$/, '');
}
