/**
 * Whether glibc's regcomp(3) accepts a pattern, as a regexp: table compiles
 * it (REG_EXTENDED unless the x flag turns it off, REG_ICASE unless the i
 * flag does), with the same error text glibc gives. A faithful model of the
 * parser in glibc posix/regcomp.c for the C locale; it builds no automaton.
 *
 * Work is linear in the pattern; nesting deeper than MAX_DEPTH is not
 * judged (reported as unchecked rather than risk a false error).
 */

export interface PosixRegexResult {
  /** glibc's regerror() text, when regcomp fails */
  error?: string;
  /** number of ( ) groups (re_nsub) when it compiles */
  groups: number;
  /** too deeply nested to judge */
  unchecked?: boolean;
}

const POSIX_ERRORS = {
  BADPAT: 'Invalid regular expression',
  ECOLLATE: 'Invalid collation character',
  ECTYPE: 'Invalid character class name',
  EESCAPE: 'Trailing backslash',
  ESUBREG: 'Invalid back reference',
  EBRACK: 'Unmatched [, [^, [:, [., or [=',
  EPAREN: 'Unmatched ( or \\(',
  EBRACE: 'Unmatched \\{',
  BADBR: 'Invalid content of \\{\\}',
  ERANGE: 'Invalid range end',
  ESIZE: 'Regular expression too big',
  BADRPT: 'Invalid preceding regular expression',
} as const;

const MAX_DEPTH = 500;
const RE_DUP_MAX = 0x7fff;

const enum T {
  Char,
  End,
  Alt,
  Star,
  Plus,
  Question,
  OpenDup,
  CloseDup,
  Open,
  Close,
  OpenBracket,
  Period,
  Anchor,
  BackRef,
  ClassOp,
  TrailingBackslash,
}

interface Token {
  type: T;
  /** the character (for escapes: the escaped one) */
  c: string;
  len: number;
  /** back reference index 0..8 */
  idx: number;
}

const enum B {
  Char,
  End,
  Range,
  Close,
  NonMatch,
  OpenColl,
  OpenEquiv,
  OpenClass,
}

interface BToken {
  type: B;
  c: string;
  len: number;
}

type Elem = { kind: 'char'; ch: string } | { kind: 'coll' | 'equiv' | 'class'; name: string };

class Fail extends Error {}

class TooDeep extends Error {}

const CLASSES = new Set(['alnum', 'cntrl', 'lower', 'space', 'alpha', 'digit', 'print', 'upper', 'blank', 'graph', 'punct', 'xdigit']);

/** C-locale toupper of one byte. */
const upper = (c: string): string => (c >= 'a' && c <= 'z' ? c.toUpperCase() : c);

class Parser {
  private i = 0;
  private tok: Token = { type: T.End, c: '', len: 0, idx: 0 };
  private depth = 0;
  private completed = 0;
  nsub = 0;

  constructor(
    private readonly s: string,
    private readonly ere: boolean,
    private readonly icase: boolean,
  ) {}

  /** the current token's type (a call, so that the compiler does not narrow it across fetch()) */
  private type(): T {
    return this.tok.type;
  }

  private fail(message: string): never {
    throw new Fail(message);
  }

  private peek(at: number, caretHere: boolean): Token {
    const s = this.s;
    if (at >= s.length) return { type: T.End, c: '', len: 0, idx: 0 };
    const c = s[at];
    const ere = this.ere;
    if (c === '\\') {
      if (at + 1 >= s.length) return { type: T.TrailingBackslash, c, len: 1, idx: 0 };
      const c2 = s[at + 1];
      const t: Token = { type: T.Char, c: c2, len: 2, idx: 0 };
      switch (c2) {
        case '|':
          if (!ere) t.type = T.Alt;
          break;
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
        case '8':
        case '9':
          t.type = T.BackRef;
          t.idx = c2.charCodeAt(0) - 49;
          break;
        case '<':
        case '>':
        case 'b':
        case 'B':
        case '`':
        case "'":
          t.type = T.Anchor;
          break;
        case 'w':
        case 'W':
        case 's':
        case 'S':
          t.type = T.ClassOp;
          break;
        case '(':
          if (!ere) t.type = T.Open;
          break;
        case ')':
          if (!ere) t.type = T.Close;
          break;
        case '+':
          if (!ere) t.type = T.Plus;
          break;
        case '?':
          if (!ere) t.type = T.Question;
          break;
        case '{':
          if (!ere) t.type = T.OpenDup;
          break;
        case '}':
          if (!ere) t.type = T.CloseDup;
          break;
      }
      return t;
    }
    const t: Token = { type: T.Char, c: this.icase ? upper(c) : c, len: 1, idx: 0 };
    switch (c) {
      case '|':
        if (ere) t.type = T.Alt;
        break;
      case '*':
        t.type = T.Star;
        break;
      case '+':
        if (ere) t.type = T.Plus;
        break;
      case '?':
        if (ere) t.type = T.Question;
        break;
      case '{':
        if (ere) t.type = T.OpenDup;
        break;
      case '}':
        if (ere) t.type = T.CloseDup;
        break;
      case '(':
        if (ere) t.type = T.Open;
        break;
      case ')':
        if (ere) t.type = T.Close;
        break;
      case '[':
        t.type = T.OpenBracket;
        break;
      case '.':
        t.type = T.Period;
        break;
      case '^':
        if (ere || caretHere || at === 0) t.type = T.Anchor;
        break;
      case '$':
        if (!ere && at + 1 !== s.length) {
          const next = this.peek(at + 1, false);
          if (next.type !== T.Alt && next.type !== T.Close) break;
        }
        t.type = T.Anchor;
        break;
    }
    return t;
  }

  private fetch(caretHere = false): Token {
    this.tok = this.peek(this.i, caretHere);
    this.i += this.tok.len;
    return this.tok;
  }

  parse(): void {
    this.fetch();
    this.parseRegExp(0);
  }

  private parseRegExp(nest: number): void {
    const initial = this.completed;
    let accumulated = 0;
    this.parseBranch(nest);
    accumulated |= this.completed;
    while (this.type() === T.Alt) {
      this.fetch(true);
      const t = this.type();
      if (t !== T.Alt && t !== T.End && (nest === 0 || t !== T.Close)) {
        this.completed = initial;
        this.parseBranch(nest);
        accumulated |= this.completed;
      }
    }
    this.completed |= accumulated;
  }

  private parseBranch(nest: number): void {
    this.parseExpression(nest);
    for (;;) {
      const t = this.type();
      if (t === T.Alt || t === T.End || (nest !== 0 && t === T.Close)) return;
      this.parseExpression(nest);
    }
  }

  /** Returns whether the expression is non-empty (glibc: a non-NULL tree). */
  private parseExpression(nest: number): boolean {
    const tok = this.tok;
    let tree = true;
    switch (tok.type) {
      case T.Char:
      case T.Period:
      case T.ClassOp:
        break;
      case T.Open:
        tree = this.parseSubExp(nest + 1);
        break;
      case T.OpenBracket:
        this.parseBracket();
        break;
      case T.BackRef:
        if (!(this.completed & (1 << tok.idx))) this.fail(POSIX_ERRORS.ESUBREG);
        break;
      case T.OpenDup:
        // BRE: RE_CONTEXT_INVALID_DUP; ERE: RE_CONTEXT_INVALID_OPS
        return this.fail(POSIX_ERRORS.BADRPT);
      case T.Star:
      case T.Plus:
      case T.Question:
        if (this.ere) this.fail(POSIX_ERRORS.BADRPT);
        // BRE: a literal
        break;
      case T.Close:
        // glibc reports an unmatched \) of a BRE with the REG_EPAREN text
        if (!this.ere) this.fail(POSIX_ERRORS.EPAREN);
        break;
      case T.CloseDup:
        break;
      case T.Anchor:
        // glibc: no repetition after an anchor is parsed here; the next expression sees it.
        this.fetch();
        return true;
      case T.Alt:
      case T.End:
        return false;
      case T.TrailingBackslash:
        this.fail(POSIX_ERRORS.EESCAPE);
    }
    this.fetch();
    while (this.type() === T.Star || this.type() === T.Plus || this.type() === T.Question || this.type() === T.OpenDup) {
      tree = this.parseDupOp(tree);
      if (!this.ere && (this.type() === T.Star || this.type() === T.OpenDup)) this.fail(POSIX_ERRORS.BADRPT);
    }
    return tree;
  }

  private parseSubExp(nest: number): boolean {
    if (++this.depth > MAX_DEPTH) throw new TooDeep();
    const cur = this.nsub++;
    this.fetch(true);
    if (this.type() !== T.Close) {
      this.parseRegExp(nest);
      if (this.type() !== T.Close) this.fail(POSIX_ERRORS.EPAREN);
    }
    if (cur <= 8) this.completed |= 1 << cur;
    this.depth--;
    return true;
  }

  /** fetch_number: -1 nothing, -2 invalid, else the number (capped at RE_DUP_MAX + 1). */
  private fetchNumber(): number {
    let num = -1;
    for (;;) {
      const t = this.fetch();
      const c = t.c;
      if (t.type === T.End) return -2;
      if (t.type === T.CloseDup || c === ',') break;
      num =
        t.type !== T.Char || c < '0' || c > '9' || num === -2
          ? -2
          : num === -1
            ? c.charCodeAt(0) - 48
            : Math.min(RE_DUP_MAX + 1, num * 10 + c.charCodeAt(0) - 48);
    }
    return num;
  }

  private parseDupOp(tree: boolean): boolean {
    if (this.type() === T.OpenDup) {
      let start = this.fetchNumber();
      let end = 0;
      if (start === -1) {
        if (this.type() === T.Char && this.tok.c === ',') start = 0;
        else this.fail(POSIX_ERRORS.BADBR);
      }
      if (start !== -2) {
        end = this.type() === T.CloseDup ? start : this.type() === T.Char && this.tok.c === ',' ? this.fetchNumber() : -2;
      }
      if (start === -2 || end === -2) this.fail(this.type() === T.End ? POSIX_ERRORS.EBRACE : POSIX_ERRORS.BADBR);
      if ((end !== -1 && start > end) || this.type() !== T.CloseDup) this.fail(POSIX_ERRORS.BADBR);
      if ((end === -1 ? start : end) > RE_DUP_MAX) this.fail(POSIX_ERRORS.ESIZE);
      this.fetch();
      return tree && !(start === 0 && end === 0);
    }
    this.fetch();
    return tree;
  }

  private peekBracket(at: number): BToken {
    const s = this.s;
    if (at >= s.length) return { type: B.End, c: '', len: 0 };
    const raw = s[at];
    const c = this.icase ? upper(raw) : raw;
    if (c === '[') {
      const c2 = at + 1 < s.length ? s[at + 1] : '';
      if (c2 === '.') return { type: B.OpenColl, c: c2, len: 2 };
      if (c2 === '=') return { type: B.OpenEquiv, c: c2, len: 2 };
      if (c2 === ':') return { type: B.OpenClass, c: c2, len: 2 };
      return { type: B.Char, c, len: 1 };
    }
    if (c === '-') return { type: B.Range, c, len: 1 };
    if (c === ']') return { type: B.Close, c, len: 1 };
    if (c === '^') return { type: B.NonMatch, c, len: 1 };
    return { type: B.Char, c, len: 1 };
  }

  private parseBracketSymbol(tok: BToken): Elem {
    const s = this.s;
    const delim = tok.c;
    if (this.i >= s.length) this.fail(POSIX_ERRORS.EBRACK);
    let name = '';
    for (let n = 0; ; n++) {
      if (n >= 32) this.fail(POSIX_ERRORS.EBRACK);
      const raw = s[this.i++];
      const ch = tok.type === B.OpenClass || !this.icase ? raw : upper(raw);
      if (this.i >= s.length) this.fail(POSIX_ERRORS.EBRACK);
      if (ch === delim && s[this.i] === ']') break;
      name += ch;
    }
    this.i++;
    return { kind: tok.type === B.OpenColl ? 'coll' : tok.type === B.OpenEquiv ? 'equiv' : 'class', name };
  }

  private parseBracketElement(tok: BToken, acceptHyphen: boolean): Elem {
    this.i += tok.len;
    if (tok.type === B.OpenColl || tok.type === B.OpenClass || tok.type === B.OpenEquiv) return this.parseBracketSymbol(tok);
    if (tok.type === B.Range && !acceptHyphen) {
      if (this.peekBracket(this.i).type !== B.Close) this.fail(POSIX_ERRORS.ERANGE);
    }
    return { kind: 'char', ch: tok.c };
  }

  private collationValue(e: Elem): number {
    if (e.kind === 'char') return e.ch.charCodeAt(0);
    if (e.kind === 'coll') {
      if (e.name.length !== 1) this.fail(POSIX_ERRORS.ECOLLATE);
      return e.name.charCodeAt(0);
    }
    return this.fail(POSIX_ERRORS.ERANGE);
  }

  private parseBracket(): void {
    let tok = this.peekBracket(this.i);
    if (tok.type === B.End) this.fail(POSIX_ERRORS.BADPAT);
    if (tok.type === B.NonMatch) {
      this.i += 1;
      tok = this.peekBracket(this.i);
      if (tok.type === B.End) this.fail(POSIX_ERRORS.BADPAT);
    }
    if (tok.type === B.Close) tok = { ...tok, type: B.Char };
    let firstRound = true;
    for (;;) {
      const start = this.parseBracketElement(tok, firstRound);
      firstRound = false;
      tok = this.peekBracket(this.i);
      let isRange = false;
      let tok2: BToken | undefined;
      if (start.kind !== 'class' && start.kind !== 'equiv') {
        if (tok.type === B.End) this.fail(POSIX_ERRORS.EBRACK);
        if (tok.type === B.Range) {
          this.i += tok.len;
          tok2 = this.peekBracket(this.i);
          if (tok2.type === B.End) this.fail(POSIX_ERRORS.EBRACK);
          if (tok2.type === B.Close) {
            this.i -= tok.len;
            tok = { ...tok, type: B.Char };
          } else isRange = true;
        }
      }
      if (isRange && tok2) {
        const end = this.parseBracketElement(tok2, true);
        tok = this.peekBracket(this.i);
        if (start.kind === 'equiv' || start.kind === 'class' || end.kind === 'equiv' || end.kind === 'class') this.fail(POSIX_ERRORS.ERANGE);
        const a = this.collationValue(start);
        const b = this.collationValue(end);
        if (a > b) this.fail(POSIX_ERRORS.ERANGE);
      } else if (start.kind === 'equiv' || start.kind === 'coll') {
        if (start.name.length !== 1) this.fail(POSIX_ERRORS.ECOLLATE);
      } else if (start.kind === 'class') {
        const name = this.icase && (start.name === 'upper' || start.name === 'lower') ? 'alpha' : start.name;
        if (!CLASSES.has(name)) this.fail(POSIX_ERRORS.ECTYPE);
      }
      if (tok.type === B.End) this.fail(POSIX_ERRORS.EBRACK);
      if (tok.type === B.Close) break;
    }
    this.i += tok.len;
  }
}

/** UTF-8 bytes as a string of code units 0-255: regcomp in the C locale sees bytes. */
const toBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/**
 * Compiles nothing; says whether glibc regcomp() accepts `pattern`.
 * extended: REG_EXTENDED (regexp: tables use it unless the x flag is given).
 */
export function checkPosixRegex(pattern: string, options: { extended: boolean; icase: boolean }): PosixRegexResult {
  // regcomp stops at a NUL byte.
  const nul = pattern.indexOf('\0');
  const parser = new Parser(toBytes(nul >= 0 ? pattern.slice(0, nul) : pattern), options.extended, options.icase);
  try {
    parser.parse();
    return { groups: parser.nsub };
  } catch (e) {
    if (e instanceof Fail) return { error: e.message, groups: parser.nsub };
    if (e instanceof TooDeep) return { groups: parser.nsub, unchecked: true };
    throw e;
  }
}
