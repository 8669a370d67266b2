/**
 * What the per-setting checks of an open main.cf keep from one version of it
 * to the next. An edited model keeps the assignments the edit did not touch
 * (ConfigModel.edited), so what a check found on them is found again by
 * their identity, and a keystroke costs the checks of what it changed. A
 * finding is used again only while what it was made from is the same; one
 * that moved with lines added or removed above it is moved along.
 *
 * The duplicate check keeps what it found per name: its messages name the
 * lines of the other assignments of the name, so they are used again only
 * while all of these are the same, on the same lines. A keystroke changes
 * one name's findings; in a file that sets every parameter many times
 * (thousands of findings) making them all again cost more than the rest of
 * the checks together.
 */
import type { Diagnostic, FixData } from '../diagnostics';
import type { MasterCf } from '../syntax/masterCf';
import type { Assignment } from '../syntax/mainCf';
import type { Range } from '../syntax/text';
import type { ParameterContext } from './shared/parameterScope';
import type { SettingVisit } from './check';

/** What the per-setting checks found on one assignment, in the order of the checks. */
interface SettingFindings {
  /** why its name is in use when they ran (ConfigModel.userNameReason) */
  reason: string | undefined;
  /** the line of its name when they ran */
  line: number;
  /** NOTHING_FOUND, shared, for the many assignments on which no check finds anything */
  found: readonly (Diagnostic | undefined)[];
}

const NOTHING_FOUND: readonly undefined[] = Object.freeze([]);

/** What the duplicate check found among the assignments of one name. */
interface NameFindings {
  /** the assignments, in the order of the file, and the line of each when found */
  members: readonly Assignment[];
  lines: readonly number[];
  found: readonly Diagnostic[];
}

const sameMembers = (kept: NameFindings, list: readonly Assignment[]): boolean =>
  kept.members.length === list.length && list.every((a, i) => a === kept.members[i] && a.line === kept.lines[i]);

export class CheckMemo {
  private target?: string;
  private master?: MasterCf;
  private settings = new WeakMap<Assignment, SettingFindings>();
  private names = new Map<string, NameFindings>();

  /**
   * Starts a check of main.cf: what was found for another Postfix release or
   * with another master.cf (the services give names of their own) is forgotten.
   */
  begin(target: string, master: MasterCf | undefined): void {
    if (target === this.target && master === this.master) return;
    this.target = target;
    this.master = master;
    this.settings = new WeakMap();
  }

  /**
   * Runs the per-setting checks over main.cf's assignments, or takes what
   * they found before; returns the findings of each check by its name. A
   * check that throws on an assignment loses its findings (the error is
   * thrown again when they are asked for), and the assignment is checked
   * again next time.
   */
  settingFindings(context: ParameterContext, checks: readonly { name: string; visit: SettingVisit }[]): (name: string) => Diagnostic[] {
    const [scope] = context.scopes;
    const out = checks.map((): Diagnostic[] => []);
    const errors: unknown[] = checks.map(() => undefined);
    const failed = checks.map(() => false);
    for (const setting of scope.settings as readonly Assignment[]) {
      const reason = context.model.userNameReason(setting.name);
      const line = setting.line;
      let findings = this.settings.get(setting);
      if (!findings || findings.reason !== reason) {
        let complete = true;
        const found = checks.map((check, i) => {
          try {
            return check.visit(setting, scope, context);
          } catch (error) {
            complete = false;
            if (!failed[i]) errors[i] = error;
            failed[i] = true;
            return undefined;
          }
        });
        findings = { reason, line, found: found.some((d) => d !== undefined) ? found : NOTHING_FOUND };
        if (complete) this.settings.set(setting, findings);
        else this.settings.delete(setting);
      } else if (findings.line !== line && findings.found !== NOTHING_FOUND) {
        // (nothing found moves with nothing: the line of such findings is never read)
        const by = line - findings.line;
        findings = { reason, line, found: findings.found.map((d) => d && movedDiagnostic(d, by)) };
        this.settings.set(setting, findings);
      }
      for (let i = 0; i < findings.found.length; i++) {
        const d = findings.found[i];
        if (d) out[i].push(d);
      }
    }
    const byName = new Map(checks.map((check, i) => [check.name, i]));
    return (name) => {
      const i = byName.get(name);
      if (i === undefined) return [];
      if (failed[i]) throw errors[i];
      return out[i];
    };
  }

  /**
   * The duplicate check over main.cf's assignments by name (`find` for the
   * names set more than once), taking what it found before for a name whose
   * assignments are the same ones on the same lines. It depends on nothing
   * else, so a new target or master.cf keeps it.
   */
  duplicateFindings(assignments: ReadonlyMap<string, readonly Assignment[]>, find: (name: string, list: readonly Assignment[]) => Diagnostic[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    const names = new Map<string, NameFindings>();
    for (const [name, list] of assignments) {
      if (list.length < 2) continue;
      let kept = this.names.get(name);
      if (!kept || !sameMembers(kept, list)) kept = { members: list.slice(), lines: list.map((a) => a.line), found: find(name, list) };
      names.set(name, kept);
      for (const d of kept.found) out.push(d);
    }
    this.names = names;
    return out;
  }
}

const movedRange = (r: Range, by: number): Range => ({
  start: { line: r.start.line + by, character: r.start.character },
  end: { line: r.end.line + by, character: r.end.character },
});

/** A diagnostic about text that moved down `by` lines (up when negative), with its quick fixes. */
export function movedDiagnostic(d: Diagnostic, by: number): Diagnostic {
  const copy: Diagnostic = { ...d, range: movedRange(d.range, by) };
  const data = d.data as FixData | undefined;
  if (data?.fixes) {
    copy.data = {
      ...data,
      fixes: data.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: movedRange(e.range, by) })) })),
    } satisfies FixData;
  }
  return copy;
}
