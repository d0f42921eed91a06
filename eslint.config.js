// ESLint for the whole repository (`npm run lint`, also a step of `npm test`), run with
// --max-warnings 0: every rule here is an error or off, never a warning.
//
// Most of this file is the architecture (see docs/ARCHITECTURE.md): which folder may import
// which, and where browser APIs and HTML sinks may appear. The base is ESLint's and
// typescript-eslint's recommended sets, without type information (the lint stays a few seconds
// long; `tsc --noEmit` does the type checking) and without stylistic rules.
import { resolve } from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;
/** An absolute glob under the repository, for zones whose `from` is a pattern (its `except` must be absolute). */
const anywhere = (pattern) => resolve(ROOT, pattern);

const ENGINES = ['src/query', 'src/decoders', 'src/logs', 'src/intercept', 'src/serve'];
const CONTEXTS = ['src/panel', 'src/content', 'src/background', 'src/page'];

/** Who may import whom inside the repository; paths are relative to the repository root. */
const LAYER_ZONES = [
  {
    // Protocol is the vocabulary every context shares, so it must not depend on any of them.
    target: 'src/protocol',
    from: 'src',
    except: ['./protocol'],
    message: 'src/protocol imports nothing from src/ except src/protocol.',
  },
  {
    // Lib helpers are context-free building blocks; anything they import would ride along everywhere.
    target: 'src/lib',
    from: 'src',
    except: ['./lib'],
    message: 'src/lib imports nothing from src/ except src/lib.',
  },
  {
    // Engines are pure and run in any context (panel, worker, tests), so they cannot know a context.
    target: ENGINES,
    from: CONTEXTS,
    message: 'Engines (query, decoders, logs, intercept, serve) never import from panel, content, background or page.',
  },
  {
    // Engines stay free of UI: a .tsx import drags Preact and the panel into a pure module.
    target: ENGINES,
    from: anywhere('**/*.tsx'),
    message: 'Engines never import .tsx components.',
  },
  {
    // Panel state and decoding feed the components; importing one back inverts the direction.
    target: ['src/panel/state', 'src/panel/decoding'],
    from: anywhere('**/*.tsx'),
    message: 'Panel state and decoding never import .tsx components.',
  },
  {
    // The MAIN-world hook is a guest in every page: it knows only itself and the protocol it speaks.
    target: 'src/page',
    from: 'src',
    except: ['./page', './protocol'],
    message: 'src/page imports only from src/page and src/protocol.',
  },
  {
    // extension/ wires src/ to browser APIs; src/ importing it would pull those APIs back in.
    target: 'src',
    from: 'extension',
    message: 'src/ never imports from extension/: extension/ imports src/, not the other way round.',
  },
];

const BROWSER_API_MESSAGE = 'Only extension/ touches browser APIs; src/ takes ports, storage and timers as arguments.';

/** HTML sinks: payloads are untrusted, so nothing captured may ever be parsed as markup. */
const HTML_SINKS = [
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No dangerouslySetInnerHTML: payloads are untrusted; render text.' },
  { selector: "Property[key.name='dangerouslySetInnerHTML']", message: 'No dangerouslySetInnerHTML: payloads are untrusted; render text.' },
  { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'No innerHTML/outerHTML: payloads are untrusted; use textContent or elements.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'No insertAdjacentHTML: payloads are untrusted; use textContent or elements.' },
];

export default defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test-results/**', '**/.tmp/**', 'artifacts/**', 'public/**', 'tests/fixtures/pages/workers/bom-utf16-worker.js' /* UTF-16: a test of the encoding */] /* .gitignore'd build output (bench/.tmp holds the bench's private build) */,
  },
  {
    // Everything the repository runs or builds: sources, entries, tests, benchmarks, scripts, root configs.
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      // import-x follows only files with these extensions (default: .js alone), so without this
      // line no-cycle would silently skip every TypeScript file.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts', '.cts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: resolve(ROOT, 'tsconfig.json') })],
    },
    rules: {
      // Cycles make load order matter and blur which layer owns what. Type-only imports are erased
      // by TypeScript and are not counted; the zones below still govern their direction.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // A module importing itself is always a slip.
      'import-x/no-self-import': 'error',
      // The layers (see LAYER_ZONES for the reason of each).
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: LAYER_ZONES }],
      // `_name` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // no-empty stays at its default: a deliberately empty catch (the hook must never throw into
      // pages) says so in a comment inside the block, which the rule accepts.
    },
  },
  {
    // src/ runs in some context that extension/ chooses; it never reaches for the browser itself.
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: {
      // Browser APIs come through extension/ (ports, storage, timers passed in), so src/ stays testable.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'webextension-polyfill', message: BROWSER_API_MESSAGE }] },
      ],
      // Same rule for the globals the polyfill and Chrome install.
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: BROWSER_API_MESSAGE },
        { name: 'browser', message: BROWSER_API_MESSAGE },
      ],
      // ...and for reaching them through the global object.
      'no-restricted-properties': [
        'error',
        ...['globalThis', 'window', 'self'].flatMap((object) => [
          { object, property: 'chrome', message: BROWSER_API_MESSAGE },
          { object, property: 'browser', message: BROWSER_API_MESSAGE },
        ]),
      ],
    },
  },
  {
    // The MAIN-world hook runs inside every page before its scripts: no package may ride along.
    files: ['src/page/**/*.{ts,tsx}'],
    rules: {
      // Wrappers of native methods keep the native's named parameters (so `length` matches) and
      // forward `arguments` (so the native sees the exact argument count and throws its own errors).
      'prefer-rest-params': 'off',
      // Dependency-free: only relative imports (which the page zone then limits to page and protocol).
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^[^.]', message: 'src/page is dependency-free: no packages, only ./ and ../ imports.' }] },
      ],
    },
  },
  {
    // Payloads are untrusted: no HTML sink anywhere in the extension's code.
    files: ['src/**/*.{ts,tsx}', 'extension/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', ...HTML_SINKS],
    },
  },
  {
    // Extension entries run in the browser's extension contexts (and a worker).
    files: ['extension/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    // Node programs: scripts, benchmark drivers, test fixtures' servers, root configs.
    files: ['scripts/**', 'bench/**/*.{ts,mjs}', 'tests/**/*.{ts,mts,mjs}', '*.{js,mjs,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Tests and benchmarks read untyped things on purpose: page globals inside page.evaluate,
    // CDP/BiDi replies, hand-built malformed records, modules without types. `any` is the honest
    // type there; the shipped code (src/, extension/, scripts/) keeps the rule.
    files: ['tests/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Benchmark and fixture pages: classic browser scripts loaded by <script src> or evaluated
    // through CDP/BiDi, so no module syntax and only browser globals.
    files: ['bench/pages/**/*.js', 'tests/fixtures/pages/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  {
    // Worker fixture scripts: worker globals, and the helpers they share through importScripts.
    files: ['tests/fixtures/pages/workers/**/*.js', 'tests/fixtures/pages/workers/**/*.mjs'],
    languageOptions: {
      globals: { ...globals.worker, ...globals.serviceworker, onconnect: 'writable', openSocket: 'readonly', runConformanceBattery: 'readonly' },
    },
  },
  {
    files: ['tests/fixtures/pages/workers/**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
);
