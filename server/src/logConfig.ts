/**
 * The log command's --config: the attributor of a main.cf (and the master.cf
 * beside it), in a bundle of its own that the log worker loads only then.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unreadableReason } from './logReader';
import { nodeFiles } from './nodeFiles';
import { createAttributor, type Attributor } from './service/log/attribution';
import { ConfigModel } from './service/model/config';
import { configPlace } from './service/model/tablePaths';

/** The attributor of a main.cf given on the command line, or why it cannot be read. */
export function configAttributor(mainPath: string): Attributor | string {
  let main: string;
  try {
    main = readFileSync(mainPath, 'utf8');
  } catch (error) {
    return unreadableReason(mainPath, error);
  }
  const masterPath = join(dirname(mainPath), 'master.cf');
  let master: string | undefined;
  if (existsSync(masterPath)) {
    try {
      master = readFileSync(masterPath, 'utf8');
    } catch (error) {
      return unreadableReason(masterPath, error);
    }
  }
  const model = new ConfigModel({ main, master });
  return createAttributor({
    model,
    mainPath,
    masterPath: master === undefined ? undefined : masterPath,
    files: nodeFiles,
    place: configPlace(model, dirname(mainPath)),
  });
}
