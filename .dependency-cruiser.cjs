// The dependency rules of ehcp's source (docs/architecture.md, "Layout and dependency
// rules"), checked by `npm test` (test/unit/dependencies.test.ts). Type-only imports count:
// a cycle through `import type` still ties two modules together for a reader.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'No import cycle anywhere in src: each module can be read (and changed) after the ones it imports.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core is pure (no disk, git, prompts or output): it imports nothing from store, cli or demo.',
      from: { path: '^src/core/' },
      to: { path: '^src/(store|cli|demo)/' },
    },
    {
      name: 'store-below-cli',
      severity: 'error',
      comment: 'src/store reads and writes the repository; it never imports the command line.',
      from: { path: '^src/store/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'read-path-does-not-write',
      severity: 'error',
      comment: 'src/store/read is the one way in for reading records (store/read/documents.ts); it never imports the write path.',
      from: { path: '^src/store/read/' },
      to: { path: '^src/store/write/' },
    },
    {
      name: 'src-not-tests',
      severity: 'error',
      comment: 'Nothing in src imports the tests or the benchmarks.',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'commands-independent',
      severity: 'error',
      comment: 'A command file (define + run) never imports another: what commands share lives in src/cli/common/.',
      from: { path: '^src/cli/commands/([^/]+)\\.ts$' },
      to: { path: '^src/cli/commands/', pathNot: '^src/cli/commands/$1\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    // `import type` and type-only references count as dependencies.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
