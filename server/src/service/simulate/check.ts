/**
 * One evaluation of smtpd's restriction lists for a protocol stage, as
 * smtpd_check.c runs it: the restriction being evaluated, warn_if_reject,
 * the deferrals that change a later permit or reject into a 4xx, and the
 * trace of every restriction with its result and why.
 */
import { compareVersions } from '../knowledge/versions';
import type { TableHit } from '../lookup/table';
import type { Policy } from './policy';
import { rejectLine } from './replies';
import type { ListWord, Origin } from './settings';
import type { TraceStep } from './transaction';

export type Stage = TraceStep['stage'];

/** The restriction that decided, where it is written. */
export interface Decider {
  parameter: string;
  restriction: string;
  file: string;
  line: number | null;
}

export type Status = 'ok' | 'reject' | 'dunno';

export interface Outcome {
  status: Status;
  /** the reply line of a reject */
  reply?: string;
  by?: Decider;
}

/** Errors warn_if_reject cannot soften: a server or table failure. */
export type ErrorClass = 'policy' | 'software' | 'data' | 'bounce' | 'protocol';

export interface Deferral {
  errorClass: ErrorClass;
  code: number;
  dsn: string;
  text: string;
  by: Decider;
}

export const DUNNO: Outcome = { status: 'dunno' };

/** smtpd gives up on the whole stage: "451 4.3.5 Server configuration error". */
export class ServerError extends Error {}

/** What the client is, as smtpd holds it after XCLIENT or its own lookups. */
export interface Client {
  address: string;
  name: string;
  /** the verified name is known ("ok"), or not */
  nameKnown: boolean;
  reverseName: string;
  reverseKnown: boolean;
  /** name[address] */
  namaddr: string;
  helo?: string;
  login?: string;
}

/** What one transaction has done so far: shared by the checks of its stages and recipients. */
export class Session {
  sender: string | undefined;
  recipient: string | undefined;
  /** accepted recipients so far */
  rcptCount = 0;
  discard: Decider | undefined;
  hold: Decider | undefined;
  filter: { value: string; by: Decider } | undefined;
  redirect: { value: string; by: Decider } | undefined;
  readonly bcc: string[] = [];
  readonly prepend: string[] = [];
  senderRcptmapChecked = false;
  recipientRcptmapChecked = false;
  deferIfPermitClient: Deferral | undefined;
  deferIfPermitHelo: Deferral | undefined;
  deferIfPermitSender: Deferral | undefined;
}

/** What all the checks of one simulation share. */
export interface Run {
  policy: Policy;
  client: Client;
  session: Session;
  dns: DnsView;
  trace: TraceStep[];
  problems: string[];
  /** restriction classes, by name */
  classes: ReadonlyMap<string, readonly ListWord[]>;
  /** the Postfix release to answer as; undefined: the current one */
  version: string | undefined;
}

/** Whether the release simulated is older than `release`. */
export const olderThan = (run: Pick<Run, 'version'>, release: string): boolean => run.version !== undefined && compareVersions(run.version, release) < 0;

/** The DNS as the scenario states it. */
export interface DnsView {
  /** true: resolves; false: known not to; undefined: no facts */
  resolves(name: string): boolean | undefined;
  /** the A record a list returns for a query, undefined when not listed or no facts */
  listed(list: string): { address: string } | undefined;
  /** whether the scenario states anything about DNS lists */
  hasListFacts: boolean;
}

export class Check {
  recursion = 0;
  warnIfReject = 0;
  deferIfPermit: Deferral | undefined;
  deferIfReject: Deferral | undefined;
  /** the restriction being evaluated */
  current: Decider;

  constructor(
    readonly run: Run,
    readonly stage: Stage,
    /** the list being evaluated: smtpd_recipient_restrictions ... */
    readonly list: string,
    readonly replyName: string,
    readonly replyClass: string,
    /** what a bare type:table in the list means: check_client_access in client restrictions ... */
    readonly defaultAccess: string | undefined,
  ) {
    const origin = run.policy.settings.origin(list);
    this.current = { parameter: list, restriction: list, file: origin.file, line: origin.line };
  }

  get policy(): Policy {
    return this.run.policy;
  }

  decider(restriction: string, origin: Origin): Decider {
    return { parameter: origin.parameter, restriction, file: origin.file, line: origin.line };
  }

  /** A trace step for the current restriction. */
  step(result: string, why: string, hit?: TableHit): void {
    const c = this.current;
    this.run.trace.push({
      stage: this.stage,
      parameter: c.parameter,
      restriction: c.restriction,
      result,
      why,
      file: c.file,
      line: c.line,
      ...(hit ? { entry: { file: hit.file, line: hit.line, key: hit.key, value: hit.value } } : {}),
    });
  }

  /**
   * smtpd_check_reject: a reject, unless warn_if_reject makes it a warning
   * (not for server or table errors); an earlier defer_if_reject turns a 5xx
   * into that deferral.
   */
  reject(errorClass: ErrorClass, code: number, dsn: string, text: string, why: string, hit?: TableHit): Outcome {
    const warn = this.warnIfReject > 0 && errorClass !== 'software' && errorClass !== 'data';
    const { line, problem } = rejectLine(code, dsn, text, this.policy.settings.bool('soft_bounce'));
    if (problem) this.run.problems.push(problem);
    if (!warn && this.deferIfReject && line.startsWith('5')) {
      const d = this.deferIfReject;
      this.warnIfReject = 0;
      this.deferIfReject = undefined;
      const converted = rejectLine(d.code, d.dsn, d.text, this.policy.settings.bool('soft_bounce'));
      this.step('defer', `${why}; an earlier defer_if_reject (${d.by.restriction}) turns the 5xx reject into its own reply`, hit);
      return { status: 'reject', reply: converted.line, by: this.current };
    }
    if (warn) {
      this.step('warn', `${why}; warn_if_reject: smtpd logs "reject_warning: ${line}" and goes on`, hit);
      return DUNNO;
    }
    this.step(line.startsWith('4') ? 'defer' : 'reject', why, hit);
    return { status: 'reject', reply: line, by: this.current };
  }

  /** defer_if: remember the first reason; the list goes on. */
  private raise(which: 'deferIfPermit' | 'deferIfReject', errorClass: ErrorClass, code: number, dsn: string, text: string): void {
    if (!this[which]) this[which] = { errorClass, code, dsn, text, by: this.current };
  }

  /** DEFER_IF_PERMIT: a later permit becomes this 4xx; with the tempfail action "defer" or under warn_if_reject it is a reject now. */
  deferIfPermitOr(immediate: boolean, errorClass: ErrorClass, code: number, dsn: string, text: string, why: string, hit?: TableHit): Outcome {
    if (this.warnIfReject === 0 && !immediate) {
      this.raise('deferIfPermit', errorClass, code, dsn, text);
      this.step('defer_if_permit', `${why}; a later permit becomes "${code} ${dsn} ${text}"`, hit);
      return DUNNO;
    }
    return this.reject(errorClass, code, dsn, text, why, hit);
  }

  /** DEFER_IF_REJECT: a later 5xx reject becomes this 4xx. */
  deferIfRejectRaise(errorClass: ErrorClass, code: number, dsn: string, text: string, why: string, hit?: TableHit): Outcome {
    this.raise('deferIfReject', errorClass, code, dsn, text);
    this.step('defer_if_reject', `${why}; a later 5xx reject becomes "${code} ${dsn} ${text}"`, hit);
    return DUNNO;
  }

  permit(why: string, hit?: TableHit): Outcome {
    this.step('permit', why, hit);
    return { status: 'ok', by: this.current };
  }

  dunno(why: string, hit?: TableHit): Outcome {
    this.step('dunno', why, hit);
    return DUNNO;
  }

  /** A restriction the simulator cannot evaluate here: smtpd goes on as after DUNNO, the trace says why. */
  notJudged(why: string): Outcome {
    this.step('not-judged', why);
    return DUNNO;
  }

  /** reject_server_error: the whole stage ends with 451 4.3.5. */
  serverError(why: string): never {
    this.run.problems.push(why);
    this.step('reject', `${why}; smtpd answers "451 4.3.5 Server configuration error"`);
    throw new ServerError(why);
  }

  /** "<name>: class rejected: text" */
  text(detail: string, name = this.replyName, replyClass = this.replyClass): string {
    return `<${name}>: ${replyClass} rejected: ${detail}`;
  }
}

/** The reply of a server error ending a stage. */
export const SERVER_ERROR_REPLY = '451 4.3.5 Server configuration error';
