/**
 * Whether PCRE2 accepts a pattern of a pcre: table, modelled on the parser
 * of PCRE2 10.42 (pcre2_compile.c, 8-bit library, no UTF, the options
 * Postfix passes: CASELESS and DOTALL by default, EXTENDED with the x flag).
 *
 * The model covers literals, escapes, classes, groups (capturing, named,
 * non-capturing, atomic, lookaround), inline options, quantifiers, back
 * references, \Q..\E and comments. Constructs it does not model (recursion
 * and subroutine calls, conditionals, backtracking verbs, callouts, branch
 * reset, Unicode properties, lookbehind length rules, options newer PCRE2
 * releases added) are listed in `unverified`; a pattern with any of them is
 * never reported as wrong, because PCRE may well accept it.
 *
 * Linear work; nesting is limited like PCRE2's own default (250).
 */

export interface PcreRegexResult {
  /** PCRE2's own error text */
  error?: string;
  /** offset of the error in the pattern (UTF-16 units of the pattern string) */
  offset?: number;
  /** number of capturing groups */
  groups: number;
  /** constructs this model does not check; with any of them, `error` is never set */
  unverified: string[];
}

const E = {
  E1: '\\ at end of pattern',
  E2: '\\c at end of pattern',
  E3: 'unrecognized character follows \\',
  E4: 'numbers out of order in {} quantifier',
  E5: 'number too big in {} quantifier',
  E6: 'missing terminating ] for character class',
  E7: 'escape sequence is invalid in character class',
  E8: 'range out of order in character class',
  E9: 'quantifier does not follow a repeatable item',
  E11: 'unrecognized character after (? or (?-',
  E12: 'POSIX named classes are supported only within a class',
  E13: 'POSIX collating elements are not supported',
  E14: 'missing closing parenthesis',
  E15: 'reference to non-existent subpattern',
  E18: 'missing ) after (?# comment',
  E19: 'parentheses are too deeply nested',
  E22: 'unmatched closing parenthesis',
  E26: 'a relative value of zero is not allowed',
  E30: 'unknown POSIX class name',
  E34: 'character code point value in \\x{} or \\o{} is too large',
  E37: 'PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u',
  E41: 'unrecognized character after (?P',
  E42: 'syntax error in subpattern name (missing terminator?)',
  E43: 'two named subpatterns have the same name (PCRE2_DUPNAMES not set)',
  E44: 'subpattern name must start with a non-digit',
  E48: 'subpattern name is too long (maximum 32 code units)',
  E50: 'invalid range in character class',
  E51: 'octal value is greater than \\377 in 8-bit non-UTF-8 mode',
  E55: 'missing opening brace after \\o',
  E57: '\\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number',
  E62: 'subpattern name expected',
  E64: 'non-octal character in \\o{} (closing brace missing?)',
  E67: 'non-hex character in \\x{} (closing brace missing?)',
  E68: '\\c must be followed by a printable ASCII character',
  E69: '\\k is not followed by a braced, angle-bracketed, or quoted name',
  E71: '\\N is not supported in a class',
  E78: 'digits missing in \\x{} or \\o{} or \\N{U+}',
  E93: '\\N{U+dddd} is supported only in Unicode (UTF) mode',
  E94: 'invalid hyphen in option setting',
} as const;

const POSIX_NAMES = new Set(['alpha', 'lower', 'upper', 'alnum', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'print', 'punct', 'space', 'word', 'xdigit']);
const MAX_REPEAT = 65535;
const MAX_GROUP = 65535;
const NEST_LIMIT = 250;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWord = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
const isXSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
const hexDigit = (c: string | undefined): number => (c !== undefined && /^[0-9A-Fa-f]$/.test(c) ? parseInt(c, 16) : -1);

class Fail extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** What check_escape found. */
type Escape = { kind: 'char'; value: number } | { kind: 'backref'; number: number } | { kind: 'named-ref'; name: string } | { kind: 'special'; letter: string };

interface Options {
  extended: boolean;
  noAutoCapture: boolean;
}

interface Group {
  options: Options;
  lookaround: 'ahead' | 'behind' | undefined;
  start: number;
}

const ESCAPE_VALUES: Record<string, number> = { a: 7, e: 27, f: 12, n: 10, r: 13, t: 9 };
/** Letters that stand for a type, an assertion or a special item (PCRE2's negative table entries). */
const SPECIAL_LETTERS = new Set([
  'A',
  'B',
  'C',
  'D',
  'E',
  'G',
  'H',
  'K',
  'N',
  'P',
  'Q',
  'R',
  'S',
  'V',
  'W',
  'X',
  'Z',
  'b',
  'd',
  'h',
  'k',
  'p',
  's',
  'v',
  'w',
  'z',
]);
/** Assertions: a quantifier after them is an error. */
const ASSERTION_LETTERS = new Set(['A', 'B', 'G', 'K', 'Z', 'b', 'z']);

class Parser {
  private i = 0;
  private options: Options;
  private readonly groups: Group[] = [];
  private bracount = 0;
  private readonly names = new Map<string, number>();
  private readonly refs: { number?: number; name?: string; at: number }[] = [];
  readonly unverified = new Set<string>();
  private okQuantifier = false;
  private afterQuantifier = false;
  private inQuote = false;

  constructor(
    private readonly s: string,
    extended: boolean,
  ) {
    this.options = { extended, noAutoCapture: false };
  }

  get groupCount(): number {
    return this.bracount;
  }

  private fail(message: string, at = this.i): never {
    throw new Fail(message, at);
  }

  private lookaround(): Group['lookaround'] {
    for (let k = this.groups.length - 1; k >= 0; k--) if (this.groups[k].lookaround) return this.groups[k].lookaround;
    return undefined;
  }

  parse(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (this.inQuote) {
        if (c === '\\' && s[this.i + 1] === 'E') {
          this.inQuote = false;
          this.i += 2;
          continue;
        }
        this.i++;
        this.afterQuantifier = false;
        this.item(true);
        continue;
      }
      if (this.options.extended) {
        if (isXSpace(c)) {
          this.i++;
          continue;
        }
        if (c === '#') {
          while (this.i < s.length && s[this.i] !== '\n') this.i++;
          continue;
        }
      }
      if (c === '(' && s[this.i + 1] === '?' && s[this.i + 2] === '#') {
        let k = this.i + 3;
        while (k < s.length && s[k] !== ')') k++;
        if (k >= s.length) this.fail(E.E18, s.length);
        this.i = k + 1;
        continue;
      }
      // a + or ? right after a quantifier makes it possessive or lazy
      if (this.afterQuantifier && (c === '+' || c === '?')) {
        this.afterQuantifier = false;
        this.i++;
        continue;
      }
      if (c === '\\' && (s[this.i + 1] === 'Q' || s[this.i + 1] === 'E')) {
        if (s[this.i + 1] === 'Q') this.inQuote = true;
        this.i += 2;
        continue;
      }
      this.afterQuantifier = false;
      switch (c) {
        case '*':
        case '+':
        case '?':
          this.quantifier(this.i + 1);
          break;
        case '{': {
          const q = this.repeatCounts(this.i + 1);
          if (q === undefined) {
            this.i++;
            this.item(true);
          } else this.quantifier(q);
          break;
        }
        case '\\':
          this.escapeOutside();
          break;
        case '(':
          this.openGroup();
          break;
        case ')':
          this.closeGroup();
          break;
        case '|':
          this.i++;
          this.item(false);
          break;
        case '[':
          this.characterClass();
          break;
        case '^':
        case '$':
          this.i++;
          this.item(false);
          break;
        default:
          this.i++;
          this.item(true);
      }
    }
    if (this.groups.length > 0) this.fail(E.E14, s.length);
  }

  private item(repeatable: boolean): void {
    this.okQuantifier = repeatable;
  }

  /** After a quantifier that ends before `next`. */
  private quantifier(next: number): void {
    if (!this.okQuantifier) this.fail(E.E9, this.i);
    const lookbehind = this.groups.some((g) => g.lookaround === 'behind');
    if (lookbehind) this.unverified.add('a quantifier inside a lookbehind (its length rules differ between PCRE2 releases)');
    this.i = next;
    this.okQuantifier = false;
    this.afterQuantifier = true;
  }

  /** read_repeat_counts: the end of a {n}, {n,}, {n,m} quantifier, or undefined when "{" is a literal. */
  private repeatCounts(from: number): number | undefined {
    const s = this.s;
    let p = from;
    let comma = false;
    for (; ; p++) {
      if (p >= s.length) return undefined;
      const c = s[p];
      if (isDigit(c)) continue;
      if (c === '}') break;
      if (c !== ',' || comma) return undefined;
      comma = true;
    }
    p = from;
    const min = this.readNumber(p, MAX_REPEAT);
    if (!min) return undefined;
    p = min.end;
    if (s[p] === '}') return p + 1;
    p++;
    if (s[p] !== '}') {
      const max = this.readNumber(p, MAX_REPEAT);
      if (!max) return undefined;
      if (max.value < min.value) this.fail(E.E4, max.end);
      p = max.end;
    }
    return p + 1;
  }

  /** An unsigned decimal number; fails with E5 when it exceeds `max`. */
  private readNumber(p: number, max: number): { value: number; end: number } | undefined {
    const s = this.s;
    if (!isDigit(s[p])) return undefined;
    let n = 0;
    while (isDigit(s[p])) {
      n = n * 10 + (s.charCodeAt(p++) - 48);
      if (n > max) this.fail(E.E5, p);
    }
    return { value: n, end: p };
  }

  /** check_escape; `this.i` is at the backslash, and is left after the escape. */
  private checkEscape(inClass: boolean): Escape {
    const s = this.s;
    let p = this.i + 1;
    if (p >= s.length) this.fail(E.E1, s.length);
    const c = s[p++];
    this.i = p;
    if (!/[0-9A-Za-z]/.test(c)) return { kind: 'char', value: c.charCodeAt(0) };
    if (c in ESCAPE_VALUES) return { kind: 'char', value: ESCAPE_VALUES[c] };
    if (SPECIAL_LETTERS.has(c)) {
      if (c === 'N' && s[p] === '{') {
        if (s[p + 1] === 'U' && s[p + 2] === '+') this.fail(E.E93, p);
        if (this.repeatCounts(p + 1) === undefined) this.fail(E.E37, p);
      }
      return { kind: 'special', letter: c };
    }
    switch (c) {
      case 'F':
      case 'l':
      case 'L':
      case 'u':
      case 'U':
        return this.fail(E.E37, p);
      case 'g': {
        if (inClass) return { kind: 'char', value: c.charCodeAt(0) };
        if (p >= s.length) this.fail(E.E57, p);
        if (s[p] === '<' || s[p] === "'") return { kind: 'special', letter: 'g' };
        if (s[p] === '{') {
          const got = this.signedNumber(p + 1);
          if (!got) return { kind: 'special', letter: 'k' };
          if (s[got.end] !== '}') this.fail(E.E57, got.end);
          this.i = got.end + 1;
          if (got.value <= 0) this.fail(E.E15, this.i);
          return { kind: 'backref', number: got.value };
        }
        const got = this.signedNumber(p);
        if (!got) this.fail(E.E57, p);
        this.i = got.end;
        if (got.value <= 0) this.fail(E.E15, this.i);
        return { kind: 'backref', number: got.value };
      }
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9': {
        if (!inClass) {
          let q = p - 1;
          let n = 0;
          let tooBig = false;
          while (isDigit(s[q])) {
            n = n * 10 + (s.charCodeAt(q++) - 48);
            if (n > MAX_GROUP) {
              tooBig = true;
              break;
            }
          }
          if (!tooBig && (n < 10 || c >= '8' || n <= this.bracount)) {
            this.i = q;
            return { kind: 'backref', number: n };
          }
        }
        if (c >= '8') return { kind: 'char', value: c.charCodeAt(0) };
        return this.octal(c, p);
      }
      case '0':
        return this.octal(c, p);
      case 'o': {
        if (s[p] !== '{') this.fail(E.E55, p);
        p++;
        if (p >= s.length || s[p] === '}') this.fail(E.E78, p);
        let v = 0;
        while (p < s.length && s[p] >= '0' && s[p] <= '7') {
          v = v * 8 + (s.charCodeAt(p++) - 48);
          if (v > 0xff) {
            while (p < s.length && s[p] >= '0' && s[p] <= '7') p++;
            this.fail(E.E34, p);
          }
        }
        if (s[p] !== '}') this.fail(E.E64, p);
        this.i = p + 1;
        return { kind: 'char', value: v };
      }
      case 'x': {
        if (s[p] === '{') {
          p++;
          if (p >= s.length || s[p] === '}') this.fail(E.E78, p);
          let v = 0;
          while (p < s.length && hexDigit(s[p]) >= 0) {
            v = v * 16 + hexDigit(s[p++]);
            if (v > 0xff) {
              while (p < s.length && hexDigit(s[p]) >= 0) p++;
              this.fail(E.E34, p);
            }
          }
          if (s[p] !== '}') this.fail(E.E67, p);
          this.i = p + 1;
          return { kind: 'char', value: v };
        }
        let v = 0;
        for (let k = 0; k < 2 && hexDigit(s[p]) >= 0; k++) v = v * 16 + hexDigit(s[p++]);
        this.i = p;
        return { kind: 'char', value: v };
      }
      case 'c': {
        if (p >= s.length) this.fail(E.E2, p);
        let ch = s.charCodeAt(p);
        if (ch >= 97 && ch <= 122) ch -= 32;
        if (ch < 32 || ch > 126) this.fail(E.E68, p);
        this.i = p + 1;
        return { kind: 'char', value: ch ^ 0x40 };
      }
      default:
        this.fail(E.E3, p - 1);
    }
  }

  private octal(first: string, p: number): Escape {
    const s = this.s;
    let v = first.charCodeAt(0) - 48;
    for (let k = 0; k < 2 && p < s.length && s[p] >= '0' && s[p] <= '7'; k++) v = v * 8 + (s.charCodeAt(p++) - 48);
    if (v > 0xff) this.fail(E.E51, p);
    this.i = p;
    return { kind: 'char', value: v };
  }

  /** read_number with a sign for \g: relative numbers count from the groups opened so far. */
  private signedNumber(p: number): { value: number; end: number } | undefined {
    const s = this.s;
    let sign = 0;
    if (s[p] === '+') {
      sign = 1;
      p++;
    } else if (s[p] === '-') {
      sign = -1;
      p++;
    }
    if (!isDigit(s[p])) return undefined;
    let n = 0;
    while (isDigit(s[p])) {
      n = n * 10 + (s.charCodeAt(p++) - 48);
      if (n > MAX_GROUP) this.fail(E.E15, p);
    }
    if (sign !== 0) {
      if (n === 0) this.fail(E.E26, p);
      if (sign > 0) n += this.bracount;
      else if (n > this.bracount) this.fail(E.E15, p);
      else n = this.bracount + 1 - n;
    }
    return { value: n, end: p };
  }

  /** read_name: `p` is at the character before the name; returns the name and the offset after the terminator. */
  private readName(p: number, terminator: string): { name: string; end: number } {
    const s = this.s;
    p++;
    if (p >= s.length) this.fail(E.E62, p);
    const start = p;
    if (isDigit(s[p])) this.fail(E.E44, p + 1);
    while (p < s.length && isWord(s[p])) p++;
    if (p - start > 32) this.fail(E.E48, p);
    if (p === start) this.fail(E.E62, p);
    if (p >= s.length || s[p] !== terminator) this.fail(E.E42, p);
    return { name: s.slice(start, p), end: p + 1 };
  }

  private escapeOutside(): void {
    const s = this.s;
    const at = this.i;
    const esc = this.checkEscape(false);
    if (esc.kind === 'char') return this.item(true);
    if (esc.kind === 'backref') {
      this.refs.push({ number: esc.number, at });
      return this.item(true);
    }
    if (esc.kind === 'named-ref') return this.item(true);
    const letter = esc.letter;
    if (letter === 'p' || letter === 'P') {
      this.unverified.add(`\\${letter} (Unicode properties)`);
      if (s[this.i] === '{') {
        const close = s.indexOf('}', this.i);
        this.i = close < 0 ? s.length : close + 1;
      } else if (this.i < s.length) this.i++;
      return this.item(true);
    }
    if (letter === 'k' || letter === 'g') {
      const open = s[this.i];
      if (this.i >= s.length || (open !== '{' && open !== '<' && open !== "'")) this.fail(letter === 'g' ? E.E57 : E.E69, this.i);
      const terminator = open === '<' ? '>' : open === "'" ? "'" : '}';
      if (letter === 'g' && terminator !== '}') {
        this.unverified.add('\\g<...> subroutine calls');
        const close = s.indexOf(terminator, this.i + 1);
        this.i = close < 0 ? s.length : close + 1;
        return this.item(true);
      }
      const got = this.readName(this.i, terminator);
      this.refs.push({ name: got.name, at });
      this.i = got.end;
      return this.item(true);
    }
    if (letter === 'K' && this.lookaround()) this.unverified.add('\\K inside a lookaround (refused by PCRE2 10.38 and later)');
    this.item(!ASSERTION_LETTERS.has(letter));
  }

  private openGroup(): void {
    const s = this.s;
    const at = this.i;
    let p = this.i + 1;
    const push = (lookaround?: Group['lookaround']): void => {
      this.groups.push({ options: { ...this.options }, lookaround, start: at });
      if (this.groups.length > NEST_LIMIT) this.fail(E.E19, p);
    };
    if (p >= s.length) this.fail(E.E14, p);
    if (s[p] !== '?') {
      if (s[p] === '*') {
        if (s.length - p <= 1 || s[p + 1] === ')') {
          // PCRE2 takes "(*)" as "(" followed by a quantifier
          this.i = p;
          this.item(false);
          return;
        }
        this.unverified.add('(*VERB) and (*alpha_assertion) items');
        push();
        this.i = p + 1;
        return this.item(false);
      }
      push();
      if (!this.options.noAutoCapture) this.bracount++;
      this.i = p;
      return this.item(false);
    }
    p++;
    if (p >= s.length) this.fail(E.E14, p);
    const c = s[p];
    switch (c) {
      case '>':
      case ':':
        break;
      case '=':
      case '!':
        push('ahead');
        this.i = p + 1;
        return this.item(false);
      case '<':
        if (s[p + 1] === '=' || s[p + 1] === '!') {
          push('behind');
          this.i = p + 2;
          return this.item(false);
        }
        return this.namedGroup(p, '>');
      case "'":
        return this.namedGroup(p, "'");
      case 'P': {
        p++;
        if (p >= s.length) this.fail(E.E14, p);
        if (s[p] === '<') return this.namedGroup(p, '>');
        if (s[p] === '>') {
          this.unverified.add('(?P>name) subroutine calls');
          return this.skipToClose(p);
        }
        if (s[p] !== '=') this.fail(E.E41, p);
        const got = this.readName(p, ')');
        this.refs.push({ name: got.name, at });
        this.i = got.end;
        return this.item(true);
      }
      case 'R':
      case '&':
      case '+':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        this.unverified.add('recursion and subroutine calls such as (?R), (?1), (?&name)');
        return this.skipToClose(p);
      case 'C':
        this.unverified.add('callouts (?C...)');
        return this.skipToClose(p);
      case '(':
        this.unverified.add('conditional groups (?(...)...)');
        push();
        this.i = p;
        return this.item(false);
      case '|':
        this.unverified.add('branch reset groups (?|...)');
        push();
        this.i = p + 1;
        return this.item(false);
      case '*':
        this.unverified.add('non-atomic lookahead (?*...)');
        push('ahead');
        this.i = p + 1;
        return this.item(false);
      default:
        if (c === '-' && isDigit(s[p + 1])) {
          this.unverified.add('recursion and subroutine calls such as (?R), (?1), (?&name)');
          return this.skipToClose(p);
        }
    }
    if (c === '>' || c === ':') {
      push();
      this.i = p + 1;
      return this.item(false);
    }
    // option letters, then ")" (set for the rest of this group) or ":" (a group with them)
    const options = { ...this.options };
    let unset = false;
    let hyphenOk = true;
    if (s[p] === '^') {
      options.extended = false;
      options.noAutoCapture = false;
      hyphenOk = false;
      p++;
    }
    while (p < s.length && s[p] !== ')' && s[p] !== ':') {
      const letter = s[p++];
      switch (letter) {
        case '-':
          if (!hyphenOk) this.fail(E.E94, p - 1);
          unset = true;
          hyphenOk = false;
          break;
        case 'i':
        case 'm':
        case 's':
        case 'U':
          break;
        case 'n':
          options.noAutoCapture = !unset;
          break;
        case 'x':
          if (s[p] === 'x') {
            this.unverified.add('the xx option');
            p++;
          }
          options.extended = !unset;
          break;
        case 'J':
          this.unverified.add('the J option (duplicate names)');
          break;
        case 'a':
        case 'r':
          this.unverified.add(`the (?${letter}) option of newer PCRE2 releases`);
          break;
        default:
          this.fail(E.E11, p - 1);
      }
    }
    if (p >= s.length) this.fail(E.E14, p);
    if (s[p] === ')') {
      this.options = options;
      this.i = p + 1;
      return this.item(false);
    }
    push();
    this.options = options;
    this.i = p + 1;
    this.item(false);
  }

  private namedGroup(p: number, terminator: string): void {
    const got = this.readName(p, terminator);
    this.groups.push({ options: { ...this.options }, lookaround: undefined, start: this.i });
    if (this.groups.length > NEST_LIMIT) this.fail(E.E19, got.end);
    this.bracount++;
    const earlier = this.names.get(got.name);
    if (earlier !== undefined && earlier !== this.bracount) this.fail(E.E43, got.end);
    this.names.set(got.name, this.bracount);
    this.i = got.end;
    this.item(false);
  }

  private skipToClose(p: number): void {
    const close = this.s.indexOf(')', p);
    this.i = close < 0 ? this.s.length : close + 1;
    this.item(true);
  }

  private closeGroup(): void {
    const group = this.groups.pop();
    if (!group) this.fail(E.E22, this.i);
    this.options = group.options;
    this.i++;
    this.item(true);
  }

  private characterClass(): void {
    const s = this.s;
    const open = this.i;
    let p = this.i + 1;
    if (s.startsWith('[:<:]]', p) || s.startsWith('[:>:]]', p)) {
      this.i = p + 6;
      return this.item(false);
    }
    if ((s[p] === ':' || s[p] === '.' || s[p] === '=') && this.posixSyntax(p) >= 0) this.fail(s[p] === ':' ? E.E12 : E.E13, open);
    // leading \E, \Q\E and one ^
    let negate = false;
    let c: string | undefined = s[open];
    for (;;) {
      if (p >= s.length) break;
      c = s[p++];
      if (c === '\\') {
        if (s[p] === 'E') p++;
        else if (s.startsWith('Q\\E', p)) p += 3;
        else break;
      } else if (!negate && c === '^') negate = true;
      else break;
    }
    let inQuote = false;
    /** 0: no range possible, 1: after a character, 2: after "char-" */
    let range = 0;
    let last = -1;
    for (;;) {
      let literal = -1;
      let continueOnly = false;
      if (inQuote) {
        if (c === '\\' && s[p] === 'E') {
          inQuote = false;
          p++;
          continueOnly = true;
        } else literal = (c ?? '').charCodeAt(0);
      } else if (c === '[' && s.length - p >= 3 && (s[p] === ':' || s[p] === '.' || s[p] === '=') && this.posixSyntax(p) >= 0) {
        const end = this.posixSyntax(p);
        if (range === 2) this.fail(E.E50, p);
        if (s[p] !== ':') this.fail(E.E13, p - 1);
        let q = p + 1;
        if (s[q] === '^') q++;
        if (!POSIX_NAMES.has(s.slice(q, end))) this.fail(E.E30, q);
        p = end + 2;
        if (p < s.length - 1 && s[p] === '-' && s[p + 1] !== ']') this.fail(E.E50, p);
        range = 0;
        continueOnly = true;
      } else if (c === '-' && range === 1) {
        range = 2;
        continueOnly = true;
      } else if (c !== '\\') {
        literal = (c ?? '').charCodeAt(0);
      } else {
        this.i = p - 1;
        const esc = this.checkEscape(true);
        p = this.i;
        if (esc.kind === 'char') literal = esc.value;
        else if (esc.kind === 'special') {
          const l = esc.letter;
          if (l === 'b') literal = 8;
          else if (l === 'Q') {
            inQuote = true;
            continueOnly = true;
          } else if (l === 'E') continueOnly = true;
          else if (l === 'B' || l === 'R' || l === 'X') this.fail(E.E7, p - 1);
          else {
            if (range === 2) this.fail(E.E50, p);
            range = 0;
            if (l === 'N') this.fail(E.E71, p);
            if (l === 'p' || l === 'P') {
              this.unverified.add(`\\${l} (Unicode properties)`);
              if (s[p] === '{') {
                const close = s.indexOf('}', p);
                p = close < 0 ? s.length : close + 1;
              } else if (p < s.length) p++;
            } else if (!'hHvVdDsSwW'.includes(l)) this.fail(E.E7, p - 1);
            if (p < s.length - 1 && s[p] === '-' && s[p + 1] !== ']') this.fail(E.E50, p);
            continueOnly = true;
          }
        } else this.fail(E.E7, p - 1);
      }
      if (!continueOnly && literal >= 0) {
        if (range === 2) {
          if (last > literal) this.fail(E.E8, p);
          range = 0;
        } else {
          range = 1;
          last = literal;
        }
      }
      if (p >= s.length) this.fail(E.E6, p);
      c = s[p++];
      if (c === ']' && !inQuote) break;
    }
    this.i = p;
    this.item(true);
  }

  /** check_posix_syntax: `p` at ":", "." or "="; the offset of the closing terminator, or -1. */
  private posixSyntax(p: number): number {
    const s = this.s;
    const terminator = s[p++];
    for (; s.length - p >= 2; p++) {
      if (s[p] === '\\' && (s[p + 1] === ']' || s[p + 1] === '\\')) p++;
      else if ((s[p] === '[' && s[p + 1] === terminator) || s[p] === ']') return -1;
      else if (s[p] === terminator && s[p + 1] === ']') return p;
    }
    return -1;
  }

  /** After the parse: references to groups that do not exist. */
  checkReferences(): void {
    for (const r of this.refs) {
      if (r.number !== undefined && r.number > this.bracount) this.fail(E.E15, r.at);
      if (r.name !== undefined && !this.names.has(r.name)) this.fail(E.E15, r.at);
    }
  }
}

/** Bytes of the UTF-8 encoding, one code unit each: the 8-bit library without UTF sees bytes. */
const toBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
const toCharOffset = (bytes: string, at: number): number => Buffer.from(bytes.slice(0, at), 'latin1').toString('utf8').length;

export function checkPcreRegex(pattern: string, options: { extended: boolean }): PcreRegexResult {
  const bytes = toBytes(pattern);
  const parser = new Parser(bytes, options.extended);
  let failure: Fail | undefined;
  try {
    parser.parse();
    parser.checkReferences();
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    failure = e;
  }
  const unverified = [...parser.unverified];
  if (failure && unverified.length === 0) {
    return { error: failure.message, offset: toCharOffset(bytes, Math.min(failure.at, bytes.length)), groups: parser.groupCount, unverified };
  }
  return { groups: parser.groupCount, unverified };
}
