// @ts-check
const eslint = require('@eslint/js');
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');

/** The domain is pure (DESIGN.md §4, STYLE.md §1): no framework, no I/O clients, no clock, no randomness. */
const domainPurity = {
  files: ['libs/domain/**/*.ts'],
  ignores: ['libs/domain/**/*.spec.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['@nestjs/*'], message: 'libs/domain must not depend on NestJS.' },
          {
            group: ['@app/event-store', '@app/event-store/*', '**/event-store/**'],
            message: 'libs/domain must not touch the store.',
          },
          {
            group: ['ioredis', 'redis', 'pg', 'better-sqlite3', '@kurrent/*', '@eventstore/*'],
            message: 'No store or Redis clients in libs/domain.',
          },
          {
            group: ['node:crypto', 'crypto', 'uuid', 'node:fs', 'fs', 'node:http', 'http'],
            message: 'No randomness or I/O in libs/domain: ids and time arrive in command metadata.',
          },
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
        message: 'No Date.now() in libs/domain: time arrives in command metadata.',
      },
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'No new Date() in libs/domain: time arrives in command metadata.',
      },
      {
        selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
        message: 'No Math.random() in libs/domain.',
      },
      {
        selector: "CallExpression[callee.property.name='randomUUID']",
        message: 'No randomUUID() in libs/domain: ids arrive in command metadata.',
      },
      {
        selector: "MemberExpression[object.name='process'][property.name='env']",
        message: 'No process.env in libs/domain.',
      },
    ],
  },
};

/** Only the validated config class reads the environment (STYLE.md §11). */
const configOnlyReadsEnv = {
  files: ['apps/**/*.ts', 'libs/**/*.ts'],
  ignores: ['libs/config/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/testing/**', 'apps/**/cli/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: "MemberExpression[object.name='process'][property.name='env']",
        message: 'Read configuration through the validated config class.',
      },
    ],
  },
};

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '**/*.js', 'bench/results/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  configOnlyReadsEnv,
  domainPurity,
  prettier,
);
