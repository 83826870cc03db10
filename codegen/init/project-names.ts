/** The hub name used when the folder name cannot be made into a valid one. */
export const FALLBACK_HUB_NAME = 'AppHub';
const FALLBACK_PACKAGE_NAME = 'durable-app';

/**
 * An npm-valid package name from a folder name: lower case, only `a-z 0-9 - . _ ~`, not starting
 * with `.` or `_`, at most 214 characters.
 */
export function packageNameFrom(folderName: string): string {
  const name = withoutAccents(folderName)
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+/, '')
    .replace(/-+$/, '')
    .slice(0, 214);
  return name === '' || name === 'node_modules' || name === 'favicon.ico' ? FALLBACK_PACKAGE_NAME : name;
}

/**
 * A task hub name from a folder name, its words joined in PascalCase (`my-app` → `MyApp`). The
 * host accepts 3 to 45 letters and digits starting with a letter (the Durable Functions rule);
 * a folder name that cannot give one gets `AppHub`.
 */
export function hubNameFrom(folderName: string): string {
  const name = withoutAccents(folderName)
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return /^[A-Za-z][A-Za-z0-9]{2,44}$/.test(name) ? name : FALLBACK_HUB_NAME;
}

/** `Café` → `Cafe`: accented letters keep their base letter rather than becoming separators. */
function withoutAccents(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}
