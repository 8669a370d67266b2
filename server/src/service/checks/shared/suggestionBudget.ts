/**
 * Names a check run may compare with the undefined names it reports: each new
 * one is compared with every name the file defines, and a hostile file may have
 * thousands of both. Past it, only Postfix's own names are suggested.
 */
export const SUGGESTION_BUDGET = 2_000_000;

/** The name comparisons left to one check run, shared by all the suggesters it makes. */
export class SuggestionBudget {
  private left = SUGGESTION_BUDGET;

  /**
   * `search` over `cost` names, asked once per distinct name and only while the
   * budget lasts: a name asked after that gets no answer, and keeps none.
   */
  suggester(cost: number, search: (name: string) => string | undefined): (name: string) => string | undefined {
    const answers = new Map<string, string | undefined>();
    return (name) => {
      if (answers.has(name)) return answers.get(name);
      let answer: string | undefined;
      if (cost <= this.left) {
        this.left -= cost;
        answer = search(name);
      }
      answers.set(name, answer);
      return answer;
    };
  }
}
