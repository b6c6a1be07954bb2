import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Scripts and frames the gate activates are checked in the DOM here; real loading is for the e2e suite.
    environmentOptions: { happyDOM: { settings: { disableIframePageLoading: true, disableJavaScriptFileLoading: true, handleDisabledFileLoadingAsSuccess: true } } },
  },
});
