/**
 * Go to definition, find references, highlights and rename for parameter
 * names, across main.cf and the master.cf beside it.
 */
import type { DocumentHighlight, Location, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { parameters } from '../../knowledge/parameters';
import type { ConfigModel } from '../../model/config';
import type { Position } from '../../syntax/text';
import { targetAt } from './locate';

export interface Documents {
  mainUri: string;
  /** where master.cf is; its overrides are part of the model */
  masterUri?: string;
}

/** The parameter name under the cursor: an assignment's name or a $reference. */
function nameAt(model: ConfigModel, position: Position): string | undefined {
  const t = targetAt(model, position);
  if (t?.kind === 'name') return t.assignment.name;
  if (t?.kind === 'reference') return t.name;
  if (t?.kind === 'list-word' && t.word.text.startsWith('$')) return /^\$[{(]?(\w+)/.exec(t.word.text)?.[1];
  return undefined;
}

interface Occurrence {
  uri: string;
  range: Range;
  kind: 'definition' | 'reference';
}

function occurrences(model: ConfigModel, name: string, docs: Documents): Occurrence[] {
  const out: Occurrence[] = [];
  for (const a of model.main.assignments) {
    if (a.name === name) out.push({ uri: docs.mainUri, range: a.nameRange, kind: 'definition' });
    for (const r of a.references) if (r.name === name) out.push({ uri: docs.mainUri, range: a.source.range(r.nameStart, r.nameEnd), kind: 'reference' });
  }
  if (docs.masterUri) {
    for (const service of model.master?.services ?? []) {
      for (const o of service.overrides) {
        if (o.name === name) out.push({ uri: docs.masterUri, range: o.nameRange, kind: 'definition' });
        for (const r of o.references) if (r.name === name) out.push({ uri: docs.masterUri, range: o.source.range(r.nameStart, r.nameEnd), kind: 'reference' });
      }
    }
  }
  return out;
}

/** Where Postfix takes the value from: the last assignment in main.cf. */
export function definition(model: ConfigModel, position: Position, docs: Documents): Location | null {
  const name = nameAt(model, position);
  const a = name ? model.effective(name) : undefined;
  return a ? { uri: docs.mainUri, range: a.nameRange } : null;
}

export function references(model: ConfigModel, position: Position, docs: Documents, includeDeclaration: boolean): Location[] {
  const name = nameAt(model, position);
  if (!name) return [];
  return occurrences(model, name, docs)
    .filter((o) => includeDeclaration || o.kind === 'reference')
    .map(({ uri, range }) => ({ uri, range }));
}

export function highlights(model: ConfigModel, position: Position, docs: Documents): DocumentHighlight[] {
  const name = nameAt(model, position);
  if (!name) return [];
  return occurrences(model, name, docs)
    .filter((o) => o.uri === docs.mainUri)
    .map((o) => ({ range: o.range, kind: o.kind === 'definition' ? 3 : 2 }));
}

export type RenameResult = { edit: WorkspaceEdit } | { error: string };

/** Renames a parameter of your own everywhere; Postfix's own names cannot change. */
export function rename(model: ConfigModel, position: Position, newName: string, docs: Documents): RenameResult {
  const name = nameAt(model, position);
  if (!name) return { error: 'Put the cursor on a parameter name or a $reference.' };
  if (parameters.has(name)) return { error: `"${name}" is a Postfix parameter: its name is fixed, only names of your own can be renamed.` };
  if (!/^[A-Za-z0-9_]+$/.test(newName)) return { error: `"${newName}" is not a valid parameter name (letters, digits and _ only).` };
  if (parameters.has(newName)) return { error: `"${newName}" is a Postfix parameter: choose another name.` };
  const changes: Record<string, TextEdit[]> = {};
  for (const o of occurrences(model, name, docs)) (changes[o.uri] ??= []).push({ range: o.range, newText: newName });
  return { edit: { changes } };
}

export function prepareRename(model: ConfigModel, position: Position): { range: Range; placeholder: string } | { error: string } {
  const t = targetAt(model, position);
  const name = nameAt(model, position);
  if (!t || !name) return { error: 'Put the cursor on a parameter name or a $reference.' };
  if (parameters.has(name)) return { error: `"${name}" is a Postfix parameter: its name is fixed, only names of your own can be renamed.` };
  const a = t.kind === 'name' ? t.assignment : undefined;
  const range = a ? a.nameRange : t.kind === 'reference' ? t.range : undefined;
  if (!range) return { error: 'Put the cursor on a parameter name or a $reference.' };
  return { range, placeholder: name };
}
