// Layering rules of DESIGN.md: only src/main/electron/** (and the preload) import electron; the
// renderer imports no Node built-ins; the core never imports the renderer.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'

const nodeBuiltins = [
  'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'url', 'util',
  'worker_threads', 'events', 'dgram', 'dns', 'tls', 'zlib', 'readline', 'module', 'process', 'buffer',
]
// Bare names go in `paths` (exact match) so a relative './events' is not mistaken for 'events'.
const nodeBuiltinPaths = (message) => nodeBuiltins.map((name) => ({ name, message }))

// Ids are data (issue 17 §3): a `{}` or a spread copy `{ ...x }` typed Record<string, …> is where a
// station named "__proto__" or "constructor" becomes an inherited member or a new prototype. Such
// collections are Maps, or records from @shared/util/id-record (idRecord(), withEntry()), read with
// ownValue(). Records with literal keys (`{ a: 1 }`) and Record<SomeUnion, …> are not flagged.
const stringRecord = (path) => `[${path}.typeName.name='Record'][${path}.typeArguments.params.0.type='TSStringKeyword']`
const emptyOrCopy = 'ObjectExpression:not(:has(> Property))'
export const idRecordSelectors = [
  `VariableDeclarator${stringRecord('id.typeAnnotation.typeAnnotation')} > ${emptyOrCopy}.init`,
  `VariableDeclarator${stringRecord('id.typeAnnotation.typeAnnotation')} > :matches(ConditionalExpression, LogicalExpression).init > ${emptyOrCopy}`,
  `PropertyDefinition${stringRecord('typeAnnotation.typeAnnotation')} > ${emptyOrCopy}.value`,
  `CallExpression${stringRecord('typeArguments.params.0')} > ${emptyOrCopy}.arguments`,
].map((selector) => ({
  selector,
  message: 'Ids are data: use a Map, or idRecord() / withEntry() from @shared/util/id-record (read with ownValue), not a plain {} keyed by strings.',
}))

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.stryker-tmp*/**', 'src/shared/ocpp/payloads.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/shared/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only src/main/electron/** may import electron: the core runs under plain Node.' }],
        patterns: [{ group: ['**/renderer/**'], message: 'The core does not import the renderer.' }],
      }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'src/shared is used by every runtime.' }, ...nodeBuiltinPaths('src/shared is loaded by the renderer: no Node built-ins.')],
        patterns: [{ group: ['node:*'], message: 'src/shared is loaded by the renderer: no Node built-ins.' }],
      }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through src/renderer/src/api.ts.' }, ...nodeBuiltinPaths('The renderer imports no Node built-ins.')],
        patterns: [
          { group: ['node:*'], message: 'The renderer imports no Node built-ins.' },
          { group: ['**/main/**', '@main/*'], message: 'The renderer reaches main only through the contract.' },
        ],
      }],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/shared/**/*.ts', 'src/renderer/src/**/*.{ts,vue}'],
    rules: { 'no-restricted-syntax': ['error', ...idRecordSelectors] },
  },
)
