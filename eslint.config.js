// Lint enforces the layering the compiler cannot: shared imports nothing outside itself, and the
// renderer, server and electron never import each other (architecture.md, convention 8).
import tseslint from 'typescript-eslint';

const zone = (from, forbidden, why) => ({
  files: [`${from}/**/*.ts`, `${from}/**/*.cts`, `${from}/**/*.vue`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((dir) => ({ group: [`**/${dir}/**`, `${dir}/**`], message: why })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.vue'] },
  {
    files: ['**/*.ts', '**/*.cts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]", message: 'no focused tests' },
      ],
    },
  },
  zone('shared', ['server', 'renderer', 'electron', 'node_modules/electron'], 'shared/ is the contract: it imports nothing outside itself'),
  zone('renderer', ['server', 'electron'], 'the renderer talks to the server only through shared/ and the stream'),
  zone('server', ['renderer', 'electron'], 'the server never imports console code'),
  zone('electron', ['server', 'renderer'], 'electron main talks to the server over its port, to the renderer over IPC'),
);
