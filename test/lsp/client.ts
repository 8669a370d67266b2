/**
 * A small LSP test client: spawns the real, bundled language server
 * (dist/server.js --stdio) and talks JSON-RPC to it over stdio.
 *
 * Every wait has a timeout and fails early when the server process exits, so
 * a test never hangs; failure messages carry the server's stderr and log.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, Command, CompletionItem, CompletionList, Diagnostic, Hover, Position, Range } from 'vscode-languageserver-types';

/** tests are compiled to out/test/lsp/; the bundle is dist/server.js at the repository root */
export const serverPath = join(__dirname, '..', '..', '..', 'dist', 'server.js');

export const DEFAULT_TIMEOUT = 5000;

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export interface ConfigurationParams {
  items: { section?: string; scopeUri?: string }[];
}

/** The client's answer to workspace/configuration: a value, a function of the request, or a ResponseError. */
export type ConfigurationAnswer = unknown;

export interface StartOptions {
  /** extra environment for the server process */
  env?: NodeJS.ProcessEnv;
  /** options for node, before the script (an editor's client may give some) */
  nodeOptions?: readonly string[];
}

export interface InitializeOptions {
  /** capabilities.workspace.configuration; default true */
  configuration?: boolean;
  /** what workspace/configuration answers; default [null], as many editors answer */
  configurationAnswer?: ConfigurationAnswer;
  /** capabilities.workspace.didChangeConfiguration.dynamicRegistration; default: same as configuration */
  dynamicRegistration?: boolean;
  /** answer client/registerCapability with an error; default false */
  rejectRegistrations?: boolean;
  initializationOptions?: unknown;
  /** capabilities.textDocument.completion; default: no snippets, nothing else */
  completion?: Record<string, unknown>;
  /** the folders the client opened, as URIs (workspaceFolders, the first also rootUri); default none */
  workspaceFolders?: string[];
  /** more client capabilities under workspace (didChangeWatchedFiles, workspaceEdit ...) and window (showDocument) */
  workspaceCapabilities?: Record<string, unknown>;
  windowCapabilities?: Record<string, unknown>;
  timeout?: number;
}

export interface ChangeEvent {
  range: Range;
  text: string;
}

interface Waiter {
  uri: string;
  predicate: (p: PublishedDiagnostics) => boolean;
  resolve: (p: PublishedDiagnostics) => void;
}

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  /** every textDocument/publishDiagnostics, oldest first */
  readonly published: PublishedDiagnostics[] = [];
  /** window/logMessage and window/showMessage texts */
  readonly log: string[] = [];
  /** the params of every workspace/configuration request the server sent */
  readonly configurationRequests: ConfigurationParams[] = [];
  configurationAnswer: ConfigurationAnswer = [null];
  /** the params of every client/registerCapability request */
  readonly registrations: unknown[] = [];
  /** answer client/registerCapability with MethodNotFound, as a client without dynamic registration does */
  rejectRegistrations = false;
  /** the params of every window/showDocument request */
  readonly shownDocuments: unknown[] = [];
  private stderrText = '';
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitListeners = new Set<() => void>();
  private readonly waiters = new Set<Waiter>();
  private readonly versions = new Map<string, number>();

  private constructor(proc: ChildProcessWithoutNullStreams) {
    this.proc = proc;
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => {
      this.stderrText += chunk;
    });
    proc.on('exit', (code, signal) => {
      this.exitInfo = { code, signal };
      for (const listener of [...this.exitListeners]) listener();
    });
    // a server that dies mid-write must not crash the test runner with EPIPE
    proc.stdin.on('error', () => undefined);
    this.connection = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.predicate(p)) {
          this.waiters.delete(w);
          w.resolve(p);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.log.push(p.message);
    });
    this.connection.onNotification('window/showMessage', (p: { message: string }) => {
      this.log.push(p.message);
    });
    this.connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests.push(params);
      const answer = this.configurationAnswer;
      // a ResponseError is sent back as the error of the request
      return typeof answer === 'function' ? (answer as (p: ConfigurationParams) => unknown)(params) : answer;
    });
    this.connection.onRequest('client/registerCapability', (params: unknown) => {
      this.registrations.push(params);
      return this.rejectRegistrations ? new ResponseError(-32601, 'Unhandled method client/registerCapability') : null;
    });
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/showDocument', (params: unknown) => {
      this.shownDocuments.push(params);
      return { success: true };
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    // the connection reports closing and errors; the exit listener reports the rest
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  /** Spawns `node dist/server.js --stdio`. */
  static start(options: StartOptions = {}): LspClient {
    if (!existsSync(serverPath)) throw new Error(`${serverPath} does not exist: run npm run build first`);
    const proc = spawn(process.execPath, [...(options.nodeOptions ?? []), serverPath, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    return new LspClient(proc);
  }

  /** Spawns the server and completes the initialize handshake. */
  static async startInitialized(options: StartOptions & InitializeOptions = {}): Promise<LspClient> {
    const client = LspClient.start(options);
    try {
      await client.initialize(options);
    } catch (error) {
      client.kill();
      throw error;
    }
    return client;
  }

  get stderr(): string {
    return this.stderrText;
  }

  get exited(): boolean {
    return this.exitInfo !== undefined;
  }

  /** A description of the server's state for assertion messages. */
  describe(): string {
    const exit = this.exitInfo ? `exited (code ${this.exitInfo.code}, signal ${this.exitInfo.signal})` : 'running';
    const tail = (s: string): string => (s.length > 4000 ? '…' + s.slice(-4000) : s);
    return `server ${exit}\n--- stderr ---\n${tail(this.stderrText)}\n--- log ---\n${tail(this.log.join('\n'))}`;
  }

  /** Races `promise` against a timeout and the server's exit. */
  async within<T>(what: string, promise: Promise<T>, timeout = DEFAULT_TIMEOUT, onGiveUp?: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let listener: (() => void) | undefined;
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onGiveUp?.();
        reject(new Error(`${what}: no answer within ${timeout} ms\n${this.describe()}`));
      }, timeout);
      listener = () => {
        onGiveUp?.();
        reject(new Error(`${what}: the server exited\n${this.describe()}`));
      };
      if (this.exited) listener();
      else this.exitListeners.add(listener);
    });
    try {
      return await Promise.race([promise, failure]);
    } finally {
      clearTimeout(timer);
      if (listener) this.exitListeners.delete(listener);
    }
  }

  request<R>(method: string, params: unknown, timeout = DEFAULT_TIMEOUT): Promise<R> {
    return this.within(`request ${method}`, this.connection.sendRequest<R>(method, params), timeout);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.within(`notification ${method}`, this.connection.sendNotification(method, params));
  }

  async initialize(options: InitializeOptions = {}): Promise<{ capabilities: Record<string, unknown> }> {
    if (options.configurationAnswer !== undefined) this.configurationAnswer = options.configurationAnswer;
    const configuration = options.configuration ?? true;
    const dynamicRegistration = options.dynamicRegistration ?? configuration;
    if (options.rejectRegistrations !== undefined) this.rejectRegistrations = options.rejectRegistrations;
    const result = await this.request<{ capabilities: Record<string, unknown> }>(
      'initialize',
      {
        processId: process.pid,
        clientInfo: { name: 'lsp-test-client' },
        rootUri: options.workspaceFolders?.[0] ?? null,
        workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: uri.slice(uri.lastIndexOf('/') + 1) })) ?? null,
        initializationOptions: options.initializationOptions,
        capabilities: {
          workspace: { configuration, didChangeConfiguration: { dynamicRegistration }, ...options.workspaceCapabilities },
          window: options.windowCapabilities,
          textDocument: {
            synchronization: { dynamicRegistration: false, didSave: false },
            publishDiagnostics: { versionSupport: true, relatedInformation: true, dataSupport: true },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            completion: options.completion ?? { completionItem: { snippetSupport: false } },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, dataSupport: true },
          },
        },
      },
      options.timeout,
    );
    await this.notify('initialized', {});
    return result;
  }

  async didOpen(uri: string, text: string, languageId = 'postfix-main', version = 1): Promise<void> {
    this.versions.set(uri, version);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Sends incremental changes; returns the new document version. */
  async didChange(uri: string, changes: ChangeEvent[], version?: number): Promise<number> {
    const next = version ?? (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, next);
    await this.notify('textDocument/didChange', { textDocument: { uri, version: next }, contentChanges: changes });
    return next;
  }

  async didClose(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  async didChangeConfiguration(settings: unknown = null): Promise<void> {
    await this.notify('workspace/didChangeConfiguration', { settings });
  }

  /** The newest diagnostics published for `uri`, if any. */
  latest(uri: string): PublishedDiagnostics | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) return this.published[i];
    return undefined;
  }

  /**
   * Resolves with the first publication for `uri` that satisfies `predicate`:
   * the newest one already received, or the next ones to arrive.
   */
  waitForDiagnostics(uri: string, predicate: (p: PublishedDiagnostics) => boolean = () => true, timeout = DEFAULT_TIMEOUT): Promise<PublishedDiagnostics> {
    const current = this.latest(uri);
    if (current && predicate(current)) return Promise.resolve(current);
    let waiter: Waiter | undefined;
    const arrived = new Promise<PublishedDiagnostics>((resolve) => {
      waiter = { uri, predicate, resolve };
      this.waiters.add(waiter);
    });
    const seen = (): string =>
      this.published
        .filter((p) => p.uri === uri)
        .map((p) => `  v${p.version}: ${p.diagnostics.map((d) => `${d.code}@${d.range.start.line}`).join(', ') || '(none)'}`)
        .join('\n') || '  (nothing published)';
    return this.within(`diagnostics for ${uri}`, arrived, timeout, () => {
      if (waiter) this.waiters.delete(waiter);
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n--- published so far ---\n${seen()}`);
    });
  }

  /** Waits for the diagnostics of the document's current version. */
  waitForVersion(uri: string, timeout = DEFAULT_TIMEOUT): Promise<PublishedDiagnostics> {
    const version = this.versions.get(uri);
    return this.waitForDiagnostics(uri, (p) => p.version === version, timeout);
  }

  hover(uri: string, position: Position, timeout?: number): Promise<Hover | null> {
    return this.request('textDocument/hover', { textDocument: { uri }, position }, timeout);
  }

  async completion(uri: string, position: Position, timeout?: number): Promise<CompletionItem[]> {
    const result = await this.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position }, timeout);
    if (!result) return [];
    return Array.isArray(result) ? result : result.items;
  }

  codeAction(uri: string, range: Range, diagnostics: Diagnostic[], timeout?: number): Promise<(CodeAction | Command)[] | null> {
    return this.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } }, timeout);
  }

  /** shutdown + exit, then waits for the process; kills it if it lingers. Never throws. */
  async shutdown(timeout = 2000): Promise<void> {
    if (!this.exited) {
      try {
        await this.request('shutdown', null, timeout);
        await this.notify('exit', null);
      } catch {
        // the process is killed below
      }
      await this.waitForExit(timeout);
    }
    this.kill();
  }

  /** Kills the process (if still running) and closes the connection. Safe to call repeatedly. */
  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
    this.connection.dispose();
    this.proc.stdin.destroy();
    this.proc.stdout.destroy();
    this.proc.stderr.destroy();
  }

  /** Whether the process exited within `timeout`. */
  waitForExit(timeout = 2000): Promise<boolean> {
    if (this.exited) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.exitListeners.delete(done);
        resolve(false);
      }, timeout);
      const done = (): void => {
        clearTimeout(timer);
        this.exitListeners.delete(done);
        resolve(true);
      };
      this.exitListeners.add(done);
    });
  }

  get exitCode(): number | null | undefined {
    return this.exitInfo?.code;
  }
}

/** Runs `fn` with a fresh, initialized server and always shuts it down. */
export async function withServer<T>(options: StartOptions & InitializeOptions, fn: (client: LspClient) => Promise<T>): Promise<T> {
  const client = await LspClient.startInitialized(options);
  try {
    return await fn(client);
  } finally {
    await client.shutdown();
  }
}
