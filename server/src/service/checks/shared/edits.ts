import type { Fix } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';

/** Adds `line` at the end of main.cf. */
export function appendLineFix(model: ConfigModel, title: string, line: string): Fix {
  const lines = model.main.lines;
  const last = lines.length - 1;
  const at = { line: last, character: lines[last].length };
  return { title, edits: [{ range: { start: at, end: at }, newText: lines[last] === '' ? `${line}\n` : `\n${line}\n` }], preferred: true };
}

/** Sets `name = value`: changes the last assignment, or adds one at the end. */
export function setParameterFix(model: ConfigModel, name: string, value: string): Fix {
  const a = model.effective(name);
  const title = `Set ${name} = ${value}`;
  if (!a) return appendLineFix(model, title, `${name} = ${value}`);
  const range = a.value === '' ? { start: a.nameRange.start, end: a.valueRange.end } : a.valueRange;
  return { title, edits: [{ range, newText: a.value === '' ? `${name} = ${value}` : value }], preferred: true };
}
