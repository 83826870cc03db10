import { ts } from 'ts-morph';
import type { ModuleStyle } from '../model/module-style';

/** The import style the project's compiler options call for (see `ModuleStyle`). */
export function readModuleStyle(options: ts.CompilerOptions): ModuleStyle {
  return { relativeExtensions: usesNodeResolution(options) };
}

function usesNodeResolution(options: ts.CompilerOptions): boolean {
  const resolution = options.moduleResolution;
  if (resolution !== undefined) return resolution === ts.ModuleResolutionKind.Node16 || resolution === ts.ModuleResolutionKind.NodeNext;
  // Without moduleResolution, the node16…nodenext module kinds imply the resolution of the same name.
  const module = options.module ?? ts.ModuleKind.None;
  return module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext;
}
