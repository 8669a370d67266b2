import type { Reference } from './expansion';
import type { Range, SourceText } from './text';

/**
 * A parameter set to a value: `name = value` in main.cf, `-o name=value` in
 * master.cf. The parameter checks judge both through this shape.
 */
export interface Setting {
  name: string;
  nameRange: Range;
  /** the value as Postfix sees it */
  value: string;
  valueRange: Range;
  /** maps offsets in `value` to document positions */
  source: SourceText;
  references: readonly Reference[];
  /** the whole setting: main.cf's logical line, master.cf's option from "-o" to the end of its value */
  range: Range;
}
