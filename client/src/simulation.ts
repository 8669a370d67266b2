/**
 * "Postfix: Simulate a mail…": asks for an SMTP transaction (each box
 * remembers the last answer), asks the language server what smtpd would
 * answer (postfix/simulate) and shows the trace in a read-only document
 * beside main.cf, each file:line a link to that line of main.cf or of the
 * table entry that matched. Nothing here runs a program or opens a socket,
 * so it works in untrusted workspaces too.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ipAddressProblem, envelopeAddressProblem } from '../../server/src/service/policyTests/transactionInput';
import { traceText, type TraceLink } from '../../server/src/service/policyTests/traceText';
import type { Simulation, Transaction } from '../../server/src/service/simulate/transaction';

export const SIMULATION_SCHEME = 'postfix-simulation';
const LAST_TRANSACTION = 'postfix.lastTransaction';

/** What the boxes ask, in order; `optional` ones may be left empty. */
interface Field {
  key: 'clientAddress' | 'clientName' | 'helo' | 'sender' | 'recipients' | 'saslUsername';
  prompt: string;
  placeHolder: string;
  optional?: boolean;
  check?: (value: string) => string | undefined;
}

const FIELDS: Field[] = [
  { key: 'clientAddress', prompt: 'Client IP address', placeHolder: '203.0.113.7', check: (v) => ipAddressProblem(v) },
  { key: 'clientName', prompt: 'Client host name (empty: unknown)', placeHolder: 'mail.example.net', optional: true },
  { key: 'helo', prompt: 'HELO/EHLO name (empty: none sent)', placeHolder: 'mail.example.net', optional: true },
  {
    key: 'sender',
    prompt: 'Sender, MAIL FROM (empty: the null sender <>)',
    placeHolder: 'alice@example.net',
    optional: true,
    check: (v) => (v === '' ? undefined : envelopeAddressProblem(v)),
  },
  {
    key: 'recipients',
    prompt: 'Recipients, RCPT TO (separated by spaces or commas)',
    placeHolder: 'bob@example.com',
    check: (v) => {
      const list = v.split(/[\s,]+/).filter(Boolean);
      if (list.length === 0) return 'give at least one recipient';
      return list.map((r) => envelopeAddressProblem(r) && `${r}: ${envelopeAddressProblem(r)}`).find(Boolean);
    },
  },
  { key: 'saslUsername', prompt: 'SASL login name (empty: not logged in)', placeHolder: 'alice', optional: true },
];

type Answers = Partial<Record<Field['key'], string>>;

/** Asks for each field, offering the last answer; undefined when the user gives up. */
async function askTransaction(last: Answers): Promise<{ transaction: Transaction; answers: Answers } | undefined> {
  const answers: Answers = {};
  for (const [i, field] of FIELDS.entries()) {
    const value = await vscode.window.showInputBox({
      title: `Simulate a mail (${i + 1}/${FIELDS.length})`,
      prompt: field.prompt,
      placeHolder: field.placeHolder,
      value: last[field.key] ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' && !field.optional ? 'required' : v.trim() === '' ? undefined : field.check?.(v.trim())),
    });
    if (value === undefined) return undefined;
    answers[field.key] = value.trim();
  }
  const transaction: Transaction = {
    clientAddress: answers.clientAddress ?? '',
    sender: answers.sender ?? '',
    recipients: (answers.recipients ?? '').split(/[\s,]+/).filter(Boolean),
  };
  if (answers.clientName) transaction.clientName = answers.clientName;
  if (answers.helo) transaction.helo = answers.helo;
  if (answers.saslUsername) transaction.saslUsername = answers.saslUsername;
  return { transaction, answers };
}

/** The main.cf to simulate with: the active one, or one picked from the workspace. */
async function pickMainCf(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'postfix-main' && active.uri.scheme === 'file') return active.uri;
  const found = await vscode.workspace.findFiles('**/{main.cf,*.main.cf}', '**/node_modules/**', 50);
  if (found.length <= 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Simulate with which main.cf?' },
  );
  return picked?.uri;
}

/** The text of a simulation and where its links point. */
export function simulationDocument(main: vscode.Uri, transaction: Transaction, simulation: Simulation): { text: string; links: TraceLink[] } {
  const header = [
    `# What smtpd would answer, with ${vscode.workspace.asRelativePath(main)}`,
    `# client ${transaction.clientName ?? 'unknown'}[${transaction.clientAddress}]${transaction.helo ? `, HELO ${transaction.helo}` : ''}` +
      `${transaction.saslUsername ? `, SASL login ${transaction.saslUsername}` : ''}, MAIL FROM:<${transaction.sender}>`,
    '',
  ];
  const trace = traceText(simulation, (path) => vscode.workspace.asRelativePath(path));
  return {
    text: [...header, ...trace.lines, ''].join('\n'),
    links: trace.links.map((l) => ({ ...l, line: l.line + header.length })),
  };
}

/** The read-only documents of the simulations shown, by URI. */
class SimulationDocuments implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider {
  private readonly shown = new Map<string, { text: string; links: TraceLink[] }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, content: { text: string; links: TraceLink[] }): void {
    this.shown.set(uri.toString(), content);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.shown.get(uri.toString())?.text ?? '# This simulation is gone: run "Postfix: Simulate a mail…" again.\n';
  }

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    return (this.shown.get(doc.uri.toString())?.links ?? []).map((l) => {
      const link = new vscode.DocumentLink(new vscode.Range(l.line, l.start, l.line, l.end), vscode.Uri.file(l.file).with({ fragment: `L${l.fileLine + 1}` }));
      link.tooltip = `Open ${vscode.workspace.asRelativePath(l.file)} at line ${l.fileLine + 1}`;
      return link;
    });
  }
}

export function registerSimulation(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const documents = new SimulationDocuments();
  async function simulateCommand(): Promise<void> {
    const main = await pickMainCf();
    if (!main) {
      void vscode.window.showErrorMessage('Open a main.cf first: the simulation reads it and the tables it names.');
      return;
    }
    const asked = await askTransaction(context.workspaceState.get<Answers>(LAST_TRANSACTION) ?? {});
    if (!asked) return;
    await context.workspaceState.update(LAST_TRANSACTION, asked.answers);
    const lsp = client();
    if (!lsp) return;
    let simulation: Simulation;
    try {
      simulation = await lsp.sendRequest<Simulation>('postfix/simulate', { uri: main.toString(), transaction: asked.transaction });
    } catch (error) {
      void vscode.window.showErrorMessage(`Simulation failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const uri = vscode.Uri.from({ scheme: SIMULATION_SCHEME, path: `/${vscode.workspace.asRelativePath(main)} simulation.txt` });
    documents.set(uri, simulationDocument(main, asked.transaction, simulation));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SIMULATION_SCHEME, documents),
    vscode.languages.registerDocumentLinkProvider({ scheme: SIMULATION_SCHEME }, documents),
    vscode.commands.registerCommand('postfix.simulate', simulateCommand),
  );
}
