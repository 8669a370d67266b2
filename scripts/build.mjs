// Bundles the language server (also the CLI), the VS Code client and its report view with esbuild.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, minify: process.argv.includes('--minify'), logLevel: 'warning' };

await Promise.all([
  // the entry point alone, small so that it starts at once; the commands it loads when one runs
  build({
    ...common,
    entryPoints: ['server/src/main.ts'],
    outfile: 'dist/server.js',
    banner: { js: '#!/usr/bin/env node' },
    external: ['./commands.js', './tableFacts.js'],
  }),
  build({ ...common, entryPoints: ['server/src/commands.ts'], outfile: 'dist/commands.js' }),
  // what the check command's shortcut asks of the configuration around an access map, without the commands
  build({ ...common, entryPoints: ['server/src/accessTableFacts.ts'], outfile: 'dist/tableFacts.js' }),
  // the log command's worker thread loads this alone, not the whole server again
  build({ ...common, entryPoints: ['server/src/logWorker.ts'], outfile: 'dist/logWorker.js', external: ['./logConfig.js'] }),
  // and this only for --config: the configuration model and Postfix's parameter tables
  build({ ...common, entryPoints: ['server/src/logConfig.ts'], outfile: 'dist/logConfig.js' }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'], format: 'cjs' }),
  // the report view's script runs in the webview, a browser page
  build({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['client/webview/report.ts'], outfile: 'dist/report.js' }),
]);
