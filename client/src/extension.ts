/**
 * Thin VS Code client: starts the language server over IPC. The one program
 * it may run is `postconf -dh mail_version`, only in a trusted workspace, from
 * a machine-scoped path, without a shell.
 */
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

function installedVersion(): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) return Promise.resolve(undefined);
  const postconf = vscode.workspace.getConfiguration('postfix').get<string>('postconfPath') || 'postconf';
  return new Promise((resolve) => {
    execFile(postconf, ['-dh', 'mail_version'], { timeout: 5000, shell: false }, (error, stdout) => {
      const version = stdout.trim();
      resolve(!error && /^\d+\.\d+(\.\d+)?$/.test(version) ? version : undefined);
    });
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'postfix-main' },
      { scheme: 'file', language: 'postfix-master' },
      { scheme: 'untitled', language: 'postfix-main' },
    ],
    synchronize: { configurationSection: 'postfix' },
    initializationOptions: { installedVersion: await installedVersion() },
  };
  client = new LanguageClient('postfix', 'Postfix Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      await client?.sendNotification('postfix/installedVersion', { version: await installedVersion() });
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
