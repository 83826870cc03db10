/** A package.json as read: any JSON object (fields the scaffold does not know are kept as they are). */
export type PackageManifest = { readonly [key: string]: unknown };

export type ReadManifest = { readonly ok: true; readonly manifest: PackageManifest } | { readonly ok: false; readonly problem: string };

/** Parses package.json text; a file that is not a JSON object is a problem to report, not to overwrite. */
export function parseManifest(text: string): ReadManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `package.json is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it and run durable init again` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'package.json does not hold a JSON object; fix it and run durable init again' };
  return { ok: true, manifest: value as PackageManifest };
}

/** package.json's text as npm writes it: 2-space JSON and a final newline. */
export function formatManifest(manifest: PackageManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
