import { distance } from 'fastest-levenshtein';

const limitFor = (name: string): number => Math.max(2, Math.floor(name.length / 5));

/** The closest candidate to a misspelt name, when it is close enough to be a typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = limitFor(name);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) > limit) continue;
    const d = distance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `closest` over a fixed candidate list, remembering its answers: the same typo often repeats. */
export function suggester(candidates: readonly string[]): (name: string) => string | undefined {
  const answers = new Map<string, string | undefined>();
  return (name) => {
    if (answers.has(name)) return answers.get(name);
    const answer = closest(name, candidates);
    if (answers.size < 10_000) answers.set(name, answer);
    return answer;
  };
}
