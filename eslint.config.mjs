// ESLint (flat config): typescript-eslint, React hooks and Next's rules; formatting is Prettier's alone
// (eslint-config-prettier turns off every rule it would fight with). `npm run lint` runs this, Prettier's check and
// the dependency rules of .dependency-cruiser.cjs.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'next-env.d.ts',
      'test-results/**',
      'data/**',
      'drizzle/meta/**',
      'tests/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  reactHooks.configs.flat['recommended-latest'],
  nextPlugin.configs['core-web-vitals'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a value deliberately left unused (a destructured field dropped from an object).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Plain CommonJS modules that server.js and next.config.js load without a bundler.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-redeclare': ['error', { builtinGlobals: false }] },
  },
  { files: ['components/**/*.tsx'], languageOptions: { globals: { ...globals.browser } } },
  prettier,
);
