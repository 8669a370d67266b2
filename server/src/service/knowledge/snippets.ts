/**
 * The main.cf snippets, offered by completion where a parameter may start.
 * Written in VS Code's snippet-file format (name, prefixes, description,
 * body lines) so that each reads as it inserts.
 */
import { listOf, object, readData, recordOf, text } from './jsonData';
import mainData from './snippets/postfix-main.json';
import restrictionData from './snippets/postfix-restrictions.json';

interface Entry {
  prefix: string[];
  description: string;
  body: string[];
}

export interface MainSnippet {
  /** the key of the snippet file */
  name: string;
  /** what may be typed for it; the first starting with "postfix-" is its label */
  prefixes: readonly string[];
  description: string;
  /** LSP snippet text, one line each */
  body: readonly string[];
}

const ENTRY = object<Entry>({ prefix: listOf(text), description: text, body: listOf(text) });

function read(file: string, data: unknown): MainSnippet[] {
  return Object.entries(readData(file, data, recordOf(ENTRY))).map(([name, e]) => ({ name, prefixes: e.prefix, description: e.description, body: e.body }));
}

export const MAIN_SNIPPETS: readonly MainSnippet[] = [
  ...read('snippets/postfix-main.json', mainData),
  ...read('snippets/postfix-restrictions.json', restrictionData),
];
