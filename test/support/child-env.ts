/** The environment for a child npm/node/vitest: without this test run's own vitest and npm variables. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(VITEST|TEST$|NODE_OPTIONS$|npm_)/i.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}
