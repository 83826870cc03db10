import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/** Debian's chromium, as `.ci/run` installs it; DURABLE_CHROMIUM_PATH names another build. */
export function chromiumPath(): string {
  const path = process.env.DURABLE_CHROMIUM_PATH;
  return path !== undefined && path.trim() !== '' ? path : '/usr/bin/chromium';
}

/**
 * `describe` for tests that drive a real browser. Without chromium the tests are skipped with a
 * console message saying how to install it, except under `CI=true`, where a missing browser is a
 * failure (one failing test with the reason), never a skip.
 */
export function describeIfChromium(name: string, body: () => void): void {
  const path = chromiumPath();
  if (existsSync(path)) {
    describe(name, body);
    return;
  }
  const reason = `no chromium at ${path}`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs chromium (CI=true: a missing browser fails instead of skipping)', () => {
        throw new Error(`${reason}. Install it with \`apt-get install -y chromium\` (as .ci/run does) or set DURABLE_CHROMIUM_PATH.`);
      });
    });
    return;
  }
  console.warn(
    `[durable-ts tests] Skipping "${name}": ${reason}. To run these browser tests, install it ` +
      '(`apt-get install -y chromium`) or set DURABLE_CHROMIUM_PATH. With CI=true a missing browser fails these tests instead.',
  );
  describe.skip(name, body);
}
