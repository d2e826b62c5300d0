// ESLint flat config (npm run lint): typescript-eslint's recommended rules, plus the plugin boundary — a plugin
// imports only the core's public entry points (@nvr-pusher/core/contracts, /media, /ffi), never core internals
// nor another plugin's files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pluginBoundary = {
  patterns: [
    { group: ['**/core/**', '!@nvr-pusher/core/contracts', '!@nvr-pusher/core/media', '!@nvr-pusher/core/ffi'], message: 'plugins import only @nvr-pusher/core/{contracts,media,ffi}' },
    { group: ['@nvr-pusher/core', '@nvr-pusher/core/*', '!@nvr-pusher/core/contracts', '!@nvr-pusher/core/media', '!@nvr-pusher/core/ffi'], message: 'plugins import only @nvr-pusher/core/{contracts,media,ffi}' },
    { group: ['@nvr-pusher/plugin-*', '../../*/src/**', '../../../plugins/**'], message: "a plugin never imports another plugin's files" },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.work/**', 'templates/**/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', performance: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly' } },
    rules: {
      // Existing style: `any` at a few FFI and convict seams, unused args prefixed with _.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-empty-function': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['plugins/*/src/**/*.ts', 'templates/*/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pluginBoundary] },
  },
);
