// Build step, after tsc: bundle the compiled CLI (dist/cli/main.js, its dependencies
// included) into dist/bundle/, which bin/ehcp.js runs. Why: every ehcp process used to load
// ~80 ES modules and ~60 CommonJS files one by one (resolving, reading and compiling each),
// about a third of a small command's CPU. One file per command (esbuild's code splitting keeps
// each command's lazy import lazy) loads in a fraction of that. See docs/architecture.md.
//
// The modules that find files next to themselves (the package root, the worker threads, the
// generated validators, the modules whose bytes key the caches) do so from import.meta.url.
// In the bundle each of those is rewritten to the URL of the module's own compiled file in
// dist/, so they find exactly what they found before; the worker threads still run the
// unbundled dist/ modules (they start only on large repositories).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const outdir = path.join(dist, 'bundle');

/** import.meta.url in a compiled module of dist/ → the URL of that file, relative to the chunk that holds it. */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(dist + path.sep)) return undefined;
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
      const relative = path.relative(outdir, args.path).split(path.sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { ehcp: path.join(dist, 'cli', 'main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The bundled CommonJS packages call require() for node's own modules.
  banner: { js: "import { createRequire as __ehcpCreateRequire } from 'node:module'; const require = __ehcpCreateRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  legalComments: 'eof',
  logLevel: 'warning',
  // Minified: a third less to read and compile at every start (and a smaller package).
  minify: true,
  // The external editor's prompt (with its character-set tables, ~400 KB) loads from node_modules, and only when an officer opens an editor.
  external: ['@inquirer/external-editor'],
  plugins: [ownUrl],
});
