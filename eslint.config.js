// Import boundaries between the libs and apps; nothing else is linted here. docs/architecture.md explains the arrows.
const tseslint = require('typescript-eslint');
const boundaries = require('eslint-plugin-boundaries');

/** Which libs each lib may import (besides itself). A lib missing from a list is off limits to it. */
const ALLOWED = {
  kernel: [],
  config: ['kernel'],
  database: ['kernel', 'config'],
  wording: ['kernel'],
  templates: ['kernel', 'wording'],
  drafts: ['kernel', 'templates', 'wording'],
  csaf: ['kernel', 'templates', 'wording'],
  regimes: ['kernel'],
  outbound: [],
  channels: ['kernel', 'config', 'templates', 'database', 'outbound'],
  queue: ['kernel', 'config'],
  observability: ['kernel', 'config'],
  audit: ['kernel', 'database'],
  access: ['kernel', 'config', 'database', 'audit'],
  tenants: ['kernel', 'database', 'regimes', 'audit'],
  scope: ['kernel'],
  incidents: ['kernel', 'config', 'database', 'queue', 'templates', 'audit', 'access', 'tenants', 'scope'],
  ack: ['kernel', 'config', 'database', 'wording', 'templates', 'drafts', 'csaf', 'regimes', 'audit', 'incidents', 'scope'],
  notices: ['kernel', 'config', 'database', 'templates', 'drafts', 'regimes', 'audit', 'tenants', 'incidents', 'scope', 'ack'],
  progress: ['kernel', 'config', 'database', 'queue', 'templates', 'regimes', 'audit', 'tenants', 'incidents', 'scope'],
  dispatch: ['kernel', 'config', 'database', 'queue', 'templates', 'audit', 'tenants', 'incidents', 'scope', 'ack', 'notices', 'progress'],
  escalation: ['kernel', 'config', 'audit', 'incidents', 'scope', 'dispatch'],
  delivery: ['kernel', 'config', 'database', 'queue', 'templates', 'channels', 'observability', 'audit', 'incidents', 'scope', 'ack', 'notices', 'dispatch', 'escalation', 'progress'],
  'provider-events': ['kernel', 'config', 'database', 'channels', 'escalation', 'delivery'],
  'test-send': ['kernel', 'config', 'database', 'templates', 'channels', 'audit', 'incidents', 'scope', 'ack', 'notices'],
};
const LIBS = Object.keys(ALLOWED);
/** Every lib a lib reaches through its imports: a unit spec may build fakes for any of them. */
const reach = (lib, seen = new Set()) => {
  for (const next of ALLOWED[lib]) if (!seen.has(next)) reach(next, seen.add(next));
  return seen;
};

module.exports = [
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'bench/results/**', 'bench/baselines/**'] },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
    plugins: { boundaries },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    settings: {
      'import/resolver': { typescript: { project: 'tsconfig.json' } },
      'boundaries/include': ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
      'boundaries/elements': [
        ...LIBS.map((lib) => ({ type: lib, pattern: `libs/${lib}` })),
        { type: 'testing', pattern: 'libs/testing' },
        { type: 'app', pattern: 'apps/*', capture: ['app'] },
        { type: 'test', pattern: 'test' },
        { type: 'bench', pattern: 'bench' },
      ],
      'boundaries/files': [{ category: 'spec', pattern: '**/*.spec.ts' }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            // Packages from node_modules and node's own modules are not a boundary.
            { allow: { to: { module: { origin: ['external', 'core'] } } } },
            // Inside one lib, anything goes.
            ...LIBS.map((lib) => ({ from: { element: { type: lib } }, allow: { to: { element: { type: [lib, ...ALLOWED[lib]] } } } })),
            // Unit specs beside a lib's code may use the test doubles, and fake what their lib's imports need.
            { from: { file: { categories: 'spec' } }, allow: { to: { element: { type: 'testing' } } } },
            ...LIBS.map((lib) => ({ from: { element: { type: lib }, file: { categories: 'spec' } }, allow: { to: { element: { type: [...reach(lib)] } } } })),
            { from: { element: { type: 'testing' } }, allow: { to: { element: { type: [...LIBS, 'testing'] } } } },
            // An app uses any lib and its own files, never another app.
            { from: { element: { type: 'app' } }, allow: { to: { element: { type: LIBS } } } },
            { from: { element: { type: 'app' } }, allow: { to: { element: { type: 'app', captured: { app: '{{from.captured.app}}' } } } } },
            { from: { element: { type: ['test', 'bench'] } }, allow: { to: { element: { type: [...LIBS, 'testing', 'app', '{{from.type}}'] } } } },
          ],
        },
      ],
      // Another lib is reached through its index only: `@app/<lib>`, never `@app/<lib>/...` or a path into libs/.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^@app/[^/]+/', message: 'Import a lib through its public index: @app/<lib>.' },
            { regex: '^(\\.\\./)+(\\.\\./)*libs/', message: 'Import a lib through its public index: @app/<lib>.' },
            { regex: '^(\\.\\./){2,}[a-z-]+/src/', message: 'Reach another lib through @app/<lib>, never a path into it; an app never imports another app.' },
          ],
        },
      ],
    },
  },
];
