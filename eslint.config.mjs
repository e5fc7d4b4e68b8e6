// Lint: correctness rules plus the boundaries of docs/architecture.md, checked by a machine.
// Formatting is Prettier's job (npm run format:check), so no stylistic rules here.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { layersPlugin } from './scripts/lint/layers.mjs';

/** Electron may be imported only by the thin shell that the tests cannot run (docs/architecture.md). */
const ELECTRON_ALLOWED = ['src/main/index.ts', 'src/main/shell/**', 'src/preload/**'];

const noElectron = {
  name: 'electron',
  message: 'Only src/main/index.ts, src/main/shell and src/preload may import electron (docs/architecture.md).',
};
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const noNode = {
  paths: nodeBuiltins.map((name) => ({
    name,
    message: 'Renderer and shared code run in the browser: no Node built-ins (docs/architecture.md).',
  })),
  patterns: [
    {
      group: ['node:*', ...nodeBuiltins.map((m) => `${m}/*`)],
      message: 'Renderer and shared code run in the browser: no Node built-ins (docs/architecture.md).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', '.tmp/', 'test-results/', 'playwright-report/', '.electron-native/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    plugins: { keywarden: layersPlugin },
    rules: {
      'keywarden/layers': 'error',
      // Rule 18 (docs/rules.md) is about refusing control characters, so regexes name them on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [{ group: ['electron/*'], message: noElectron.message }] },
      ],
    },
  },
  { files: ELECTRON_ALLOWED, rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['src/renderer/**', 'src/shared/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNode.paths],
          patterns: [{ group: ['electron/*'], message: noElectron.message }, ...noNode.patterns],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Tests feed deliberately ill-typed input to prove it is refused, and Playwright fixtures
    // destructure nothing from `{}` by design.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-empty-pattern': 'off' },
  },
  {
    // CommonJS entry points and scripts.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
