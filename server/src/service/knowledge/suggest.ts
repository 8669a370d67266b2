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

/** The length of the runs of characters the suggester compares. */
const Q = 3;

/**
 * The runs of Q adjacent characters of `text`, each as a number (characters
 * beyond ASCII share one), with how often it occurs: [run, count, run, count ...].
 */
function runCounts(text: string): number[] {
  const runs: number[] = [];
  for (let i = 0; i + Q <= text.length; i++) {
    let run = 0;
    for (let j = i; j < i + Q; j++) run = run * 128 + Math.min(text.charCodeAt(j), 127);
    runs.push(run);
  }
  runs.sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 0; i < runs.length; i++) {
    if (i > 0 && runs[i] === runs[i - 1]) out[out.length - 1]++;
    else out.push(runs[i], 1);
  }
  return out;
}

/**
 * `closest` over a fixed candidate list, remembering its answers (the same
 * typo often repeats). Only candidates that share enough runs of Q adjacent
 * characters with the name are measured: one edit breaks at most Q runs, so
 * a word within `limit` edits shares at least its runs less Q × limit
 * (Ukkonen's q-gram bound); of some 900 parameter names, a typo passes this
 * with a few, where a Levenshtein distance to each took most of the time
 * of a check with many unknown names.
 */
export function suggester(candidates: readonly string[]): (name: string) => string | undefined {
  const answers = new Map<string, string | undefined>();
  /** by run: [candidate, occurrences, candidate, occurrences ...] */
  let index: Map<number, number[]> | undefined;
  let shared: Int32Array | undefined;
  const search = (name: string): string | undefined => {
    if (!index || !shared) {
      index = new Map();
      shared = new Int32Array(candidates.length);
      for (let c = 0; c < candidates.length; c++) {
        const runs = runCounts(candidates[c]);
        for (let i = 0; i < runs.length; i += 2) {
          const list = index.get(runs[i]);
          if (list) list.push(c, runs[i + 1]);
          else index.set(runs[i], [c, runs[i + 1]]);
        }
      }
    }
    shared.fill(0);
    const runs = runCounts(name);
    for (let i = 0; i < runs.length; i += 2) {
      const list = index.get(runs[i]);
      if (list) for (let j = 0; j < list.length; j += 2) shared[list[j]] += Math.min(runs[i + 1], list[j + 1]);
    }
    const limit = limitFor(name);
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (let c = 0; c < candidates.length; c++) {
      const candidate = candidates[c];
      if (Math.abs(candidate.length - name.length) > limit) continue;
      if (shared[c] < Math.max(candidate.length, name.length) - Q + 1 - Q * limit) continue;
      const d = distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  };
  return (name) => {
    if (answers.has(name)) return answers.get(name);
    const answer = search(name);
    if (answers.size < 10_000) answers.set(name, answer);
    return answer;
  };
}
