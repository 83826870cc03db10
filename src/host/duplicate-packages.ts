/**
 * The distinct package roots of `name` among loaded module paths: `/app/node_modules/x/` for
 * `/app/node_modules/x/cjs/index.js`. More than one means two copies of the package are loaded.
 * The innermost `node_modules/<name>/` of a path is its root (a nested copy lives under another
 * package's own node_modules). Scoped names (`@scope/name`) work the same way.
 */
export function findPackageRoots(modulePaths: readonly string[], name: string): string[] {
  const marker = `node_modules/${name}/`;
  const roots = new Set<string>();
  for (const raw of modulePaths) {
    const path = raw.replace(/\\/g, '/');
    const at = path.lastIndexOf(marker);
    if (at >= 0 && (at === 0 || path[at - 1] === '/')) roots.add(path.slice(0, at + marker.length));
  }
  return [...roots].sort();
}
