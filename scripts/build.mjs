// Bundles the language server (also the CLI) and the VS Code client with esbuild.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, minify: process.argv.includes('--minify'), logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'], format: 'cjs' }),
]);
