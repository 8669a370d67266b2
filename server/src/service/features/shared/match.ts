/** Whether the characters of `typed` appear in `label` in order, ignoring case: every item a client's fuzzy filter could keep. */
export function couldMatch(typed: string, label: string): boolean {
  const t = typed.toLowerCase();
  const l = label.toLowerCase();
  let at = 0;
  for (const c of t) {
    at = l.indexOf(c, at) + 1;
    if (at === 0) return false;
  }
  return true;
}
