import { relative } from 'node:path';
import { compareText } from '../model/codegen-diagnostic';
import type { ModuleStyle } from '../model/module-style';
import { relativeSpecifier } from './relative-specifier';

/** An import the generated file needs: a name from a project file or a package. */
export interface ImportRequest {
  readonly name: string;
  readonly module: string;
  readonly kind: 'file' | 'package';
}

/** One import statement of a generated file. */
export interface ImportView {
  readonly from: string;
  /** `A, B as B_2` */
  readonly names: string;
}

/**
 * Decides the local name of every import of one generated file: the declared name, or
 * `Name_2`, `Name_3`… when two modules export the same name or the name is reserved. Decisions
 * depend only on the set of imports, so the output is stable.
 */
export class ImportTable {
  private readonly locals = new Map<string, string>();
  private readonly requests: ImportRequest[];

  constructor(
    requests: readonly ImportRequest[],
    private readonly root: string,
    private readonly outDir: string,
    private readonly style: ModuleStyle,
    reserved: readonly string[] = [],
  ) {
    const unique = new Map(requests.map((r) => [keyOf(r.module, r.name), r]));
    // Packages first, then project files, each by specifier.
    const rank = (r: ImportRequest): number => (r.kind === 'package' ? 0 : 1);
    this.requests = [...unique.values()].sort((a, b) => rank(a) - rank(b) || compareText(this.specifier(a), this.specifier(b)) || compareText(a.name, b.name));
    const taken = new Set(reserved);
    for (const request of this.requests) {
      let local = request.name;
      for (let n = 2; taken.has(local); n++) local = `${request.name}_${n}`;
      taken.add(local);
      this.locals.set(keyOf(request.module, request.name), local);
    }
  }

  /** The local name of `name` imported from `module`. */
  localName(module: string, name: string): string {
    const local = this.locals.get(keyOf(module, name));
    if (local === undefined) throw new Error(`codegen: no import of ${name} from ${module}`);
    return local;
  }

  /** Import statements, one per module, in module order. */
  statements(): ImportView[] {
    const byModule = new Map<string, string[]>();
    for (const request of this.requests) {
      const from = this.specifier(request);
      const local = this.localName(request.module, request.name);
      const names = byModule.get(from) ?? [];
      names.push(local === request.name ? local : `${request.name} as ${local}`);
      byModule.set(from, names);
    }
    return [...byModule].map(([from, names]) => ({ from, names: names.join(', ') }));
  }

  /** The module specifier: the package, or the project file relative to the output folder, as the project's module settings want it. */
  private specifier(request: ImportRequest): string {
    if (request.kind === 'package') return request.module;
    return relativeSpecifier(relative(this.outDir, `${this.root}/${request.module}`).split('\\').join('/'), this.style);
  }
}

function keyOf(module: string, name: string): string {
  return `${module}\0${name}`;
}
