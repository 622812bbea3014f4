import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import security from 'eslint-plugin-security';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '**/generated/', 'db/migrations/', 'scratch/', '.data/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  security.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
    },
  },
  {
    rules: {
      // Flags every obj[key]; our keys are typed (unions, enums, zod-parsed), never raw user
      // strings used to reach prototypes. Too noisy to find anything; see docs/security.md.
      'security/detect-object-injection': 'off',
    },
  },
  {
    // Files read at start-up or by developer tools, with paths from configuration or the
    // repository itself, never from a request. Request-handling code (gateway/, subgraphs/)
    // keeps the rule.
    files: [
      'db/client.ts',
      // The embedded database's lock file, beside the configured data directory.
      'db/embedded-lock.ts',
      // The image folder (IMAGE_DIR); keys are built from validated sha256 hex, never a request's path.
      'subgraphs/trajectory/images/object-store.ts',
      'platform/paths.ts',
      'platform/tls.ts',
      'platform/security/dev-key.ts',
      'gateway/pages.ts',
      // REDIS_CA_FILE, read once when the gateway starts.
      'gateway/rate-limiter.ts',
      'gateway/trusted-documents.ts',
      // The configured weight directory (paths from validated version ids) and the model CLI's
      // export/import directories; no request names a path.
      'subgraphs/model/registry/weight-store.ts',
      'subgraphs/model/registry/model-artifacts.ts',
      'schema/load.ts',
      'scripts/**',
      'demo/**',
      'monitoring/**',
      'bench/**',
    ],
    rules: { 'security/detect-non-literal-fs-filename': 'off' },
  },
  {
    // The console and GraphiQL: browser TypeScript (React), bundled by Vite (web/vite.config.ts).
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Tests index into fixtures they just built; a failed assertion is the clearer error.
    // They also read fixtures and build regexps from known names.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'security/detect-non-literal-fs-filename': 'off',
      'security/detect-non-literal-regexp': 'off',
    },
  },
);
