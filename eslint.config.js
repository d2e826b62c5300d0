// ESLint flat config (npm run lint): typescript-eslint's recommended rules, plus the plugin boundary — a plugin
// imports only the core's public entry points (@nvr-pusher/core/contracts, /media, /ffi), never core internals
// nor another plugin's files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ONLY = 'plugins import only @nvr-pusher/core/contracts, /media and /ffi';
const pluginBoundary = {
  patterns: [
    { regex: '^@nvr-pusher/core(?!/(contracts|media|ffi)$)', message: ONLY },
    { regex: '^(\\.\\./)+(core|test)/', message: ONLY },
    { regex: '^@nvr-pusher/plugin-', message: "a plugin never imports another plugin's files" },
    { regex: '^(\\.\\./)+plugins/', message: "a plugin never imports another plugin's files" },
    { regex: '^\\.\\./\\.\\./(?!\\.\\.)[^/]+/(src|test)/', message: "a plugin never imports another plugin's files" },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.work/**', '**/*.cjs'] },
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
      // A variable a closure reads before its one assignment (callbacks wired before the object exists).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Byte writers end with `out[p++] = x` on purpose: every field written the same way.
      'no-useless-assignment': 'off',
      // One error-logging style: log the error object ({ err: e }) so pino keeps its type and stack.
      'no-restricted-syntax': ['error', {
        selector: "Property[key.name='err'] > MemberExpression[property.name='message']",
        message: 'log { err } with the error object, not its message: the stack must survive',
      }],
    },
  },
  {
    // The web console's page scripts run in the browser.
    files: ['core/console/public/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', location: 'readonly', sessionStorage: 'readonly', Node: 'readonly',
        FormData: 'readonly', MediaSource: 'readonly', HTMLElement: 'readonly', navigator: 'readonly',
      },
    },
  },
  {
    files: ['plugins/*/src/**/*.ts', 'templates/*/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pluginBoundary] },
  },
);
