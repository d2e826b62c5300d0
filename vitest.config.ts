import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'core/**/*.test.ts', 'plugins/*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.work/**'],
    // koffi and child processes: separate processes, not worker threads.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
