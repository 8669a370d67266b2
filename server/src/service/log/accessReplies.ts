/**
 * Does an access table hold an entry whose action gives a logged reply text?
 * "Client host rejected: go away" comes from `REJECT go away`, `550 go away`
 * or `DEFER go away`; a bare `REJECT` gives "Access denied". The table's
 * source is read through the FileSystem, the way the checks find tables.
 *
 * Everything that matches a logged text to a table entry is in
 * `tableGivesReply`, so that a full lookup (key and value, as smtpd does it)
 * can take its place.
 */
import type { FileSystem } from '../files';
import { leadingStatusCode, splitAction } from '../knowledge/tableActions';
import { hasSourceFile, tableTypes } from '../knowledge/tableTypes';
import type { ConfigModel } from '../model/config';
import { expandValue } from '../model/expand';
import { tableTarget } from '../model/tableDetect';
import { tablePlaces, type ConfigPlace } from '../model/tablePaths';
import { parseTable, type TableFlavour } from '../syntax/table';
import { listWords } from '../syntax/restrictionList';

export interface TableContext {
  model: ConfigModel;
  files: FileSystem;
  place?: ConfigPlace;
}

/** The reply text an access action gives, as a pattern when the action uses $1-style substitutions. */
function replyOfAction(value: string): string | RegExp | undefined {
  const { word, text } = splitAction(value.trim());
  const action = word.toUpperCase();
  let reply: string;
  if (action === 'REJECT' || action === 'DEFER' || /^[45]\d\d$/.test(action)) reply = text || 'Access denied';
  else if (action === 'DEFER_IF_REJECT' || action === 'DEFER_IF_PERMIT') reply = text || 'Service unavailable';
  else return undefined;
  const status = leadingStatusCode(reply);
  if (status) reply = reply.slice(status.length).trimStart();
  if (!/\$(\d|\{\d+\})/.test(reply)) return reply;
  const pattern = reply.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\$(\\\{)?\d+(\\\})?/g, '.*');
  return new RegExp(`^${pattern}$`, 's');
}

/** The values of an inline:{ key=value, { key = value } } table. */
function inlineValues(body: string): string[] {
  const inner = body.trim().replace(/^\{/, '').replace(/\}$/, '');
  return listWords(inner).flatMap((w) => {
    const item = w.text.startsWith('{') ? w.text.slice(1, w.text.endsWith('}') ? -1 : undefined) : w.text;
    const eq = item.indexOf('=');
    return eq < 0 ? [] : [item.slice(eq + 1).trim()];
  });
}

function flavourOf(type: string): TableFlavour {
  return tableTypes.get(type)?.pattern ?? 'indexed';
}

/**
 * $config_directory is where main.cf was read from, which the parameter data
 * cannot know: where main.cf does not set it, the place's directory stands in.
 */
function withConfigDirectory(path: string, context: TableContext): string {
  if (context.model.effective('config_directory')) return path;
  const dir = context.place?.configDirectory ?? '/etc/postfix';
  return path.replace(/\$(?:\{config_directory\}|\(config_directory\)|config_directory\b)/g, dir);
}

/** The values of a table read from its source; undefined when it cannot be read. */
function tableValues(table: string, context: TableContext): string[] | undefined {
  const target = tableTarget(table);
  if (!target) return undefined;
  if (target.type === 'inline') return inlineValues(target.path);
  if (target.type === 'static') return [target.path.replace(/^\{\s*|\s*\}$/g, '')];
  if (!hasSourceFile(target.type) || !context.files.read) return undefined;
  const path = expandValue(context.model, withConfigDirectory(target.path, context)).value.trim();
  if (!path.startsWith('/')) return undefined;
  for (const place of tablePlaces(path, context.place)) {
    const source = context.files.read(place);
    if (source === undefined) continue;
    const parsed = parseTable(source, flavourOf(target.type));
    return parsed.lines.flatMap((line) => {
      const entry = line.entry;
      return entry && 'value' in entry && entry.value ? [entry.value.text] : [];
    });
  }
  return undefined;
}

const cache = new WeakMap<ConfigModel, Map<string, (string | RegExp)[] | null>>();

/**
 * true when an entry of `table` gives `text`, false when the table was read
 * and none does, undefined when it cannot be read (a database, a missing file).
 */
export function tableGivesReply(table: string, text: string, context: TableContext): boolean | undefined {
  let tables = cache.get(context.model);
  if (!tables) {
    tables = new Map();
    cache.set(context.model, tables);
  }
  let replies = tables.get(table);
  if (replies === undefined) {
    const values = tableValues(table, context);
    replies = values ? values.flatMap((v) => replyOfAction(v) ?? []) : null;
    tables.set(table, replies);
  }
  if (replies === null) return undefined;
  return replies.some((r) => (typeof r === 'string' ? r === text : r.test(text)));
}
