import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

// `npm run screenshots`: runs only the script that writes the README's dashboard screenshots
// (docs/screenshots/*.png) from a demo hub, in the same swc set-up as the tests.
export default defineConfig({ ...base, test: { ...base.test, include: ['test/e2e/dashboard-screenshots.run.ts'] } });
