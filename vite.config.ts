import { defineConfig } from 'vitest/config';

const shared = {
  testTimeout: 20_000,
  hookTimeout: 30_000,
  // Scripts and frames the gate activates are checked in the DOM here; real loading is for the e2e suite.
  environmentOptions: {
    happyDOM: {
      settings: {
        disableIframePageLoading: true,
        disableJavaScriptFileLoading: true,
        handleDisabledFileLoadingAsSuccess: true,
      },
    },
  },
};

export default defineConfig({
  test: {
    // In CI, also a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'test-results/vitest.json' } : undefined,
    // Only the suites that use PostgreSQL (named *.pg.test.ts) start one: the rest run without it.
    projects: [
      {
        test: {
          ...shared,
          name: 'main',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['node_modules/**', 'test/**/*.pg.test.ts'],
        },
      },
      {
        test: { ...shared, name: 'postgres', include: ['test/**/*.pg.test.ts'], globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});
