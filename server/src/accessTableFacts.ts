/**
 * What the check command learns of an access map from the configuration
 * around it (main.cf and master.cf beside it and above it): asked by the
 * command line's shortcut (quickCheck) when a main.cf beside the map sets
 * something. A bundle of its own (dist/tableFacts.js): it starts in less
 * time than the commands' bundle. The answer comes from the workspace the check command itself
 * uses, so the shortcut judges the map with the very facts the general
 * check would: its role, flavour and type, the restrictions that look it up,
 * the restriction classes.
 */
import { SNIFF_LENGTH } from './service/model/documentKind';
import type { TableInfo } from './service/model/tableDetect';
import { Workspace } from './service/workspace';
import { nodeFiles } from './nodeFiles';

export interface AccessTableFacts {
  info: TableInfo;
  /** smtpd_restriction_classes of the main.cf beside the map; undefined without one */
  classes?: ReadonlySet<string>;
}

/**
 * The facts of the indexed access table at `path`, or undefined when the
 * check command would take the file for something else. `ascii` is the
 * file's content, ASCII only: its start is the text the check command reads.
 */
export function accessTableFacts(path: string, ascii: Buffer): AccessTableFacts | undefined {
  const workspace = new Workspace(nodeFiles);
  const uri = nodeFiles.uriOf(path);
  // the kind is told from the start of the text alone: the table's view is read without its lines
  workspace.open(uri, '', 1, ascii.toString('latin1', 0, SNIFF_LENGTH));
  const parsed = workspace.parsed(uri);
  if (parsed?.kind !== 'table') return undefined;
  const { info, classes } = parsed.table;
  if (info.role !== 'access' || info.flavour !== 'indexed') return undefined;
  return { info, ...(classes ? { classes } : {}) };
}
