/**
 * How the JSON files of knowledge/ (generated data and hand-written
 * overlays) become typed values. Each module that reads one declares the
 * interface of its entries and a shape built from the checks below;
 * readData() is the only place a JSON value is given a type. A hand edit
 * that breaks the shape then fails at load, naming the file and the key,
 * instead of surfacing as an undefined deep inside a check.
 */

/**
 * Checks a JSON value: undefined when it is a T, else why not, as
 * "<path below the value>: <reason>". The path is built only on failure:
 * the parameter data is checked at every start of the server.
 */
export type Shape<T> = ((value: unknown) => string | undefined) & { readonly of?: T };

/** A field an entry may leave out. */
export type Optional<T> = Shape<T> & { readonly optional: true };

/** The shape of each field of T; optional fields of T need optional(). */
export type Fields<T> = {
  [K in keyof T]-?: undefined extends T[K] ? Optional<Exclude<T[K], undefined>> : Shape<T[K]> & { readonly optional?: false };
};

const describe = (value: unknown): string =>
  Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value === 'string' ? `"${value}"` : typeof value;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const wrong = (value: unknown, expected: string): string => `: ${describe(value)} where ${expected} belongs`;

export const text: Shape<string> = (value) => (typeof value === 'string' ? undefined : wrong(value, 'text'));

export const flag: Shape<boolean> = (value) => (typeof value === 'boolean' ? undefined : wrong(value, 'true or false'));

/** One of the given strings. */
export function oneOf<const T extends string>(...values: readonly T[]): Shape<T> {
  const allowed = new Set<unknown>(values);
  return (value) => (allowed.has(value) ? undefined : `: ${describe(value)} is none of ${values.join(', ')}`);
}

export function optional<T>(shape: Shape<T>): Optional<T> {
  return Object.assign((value: unknown) => shape(value), { optional: true as const });
}

/** A value of the shape, or null. */
export function nullable<T>(shape: Shape<T>): Shape<T | null> {
  return (value) => (value === null ? undefined : shape(value));
}

export function listOf<T>(shape: Shape<T>): Shape<T[]> {
  return (value) => {
    if (!Array.isArray(value)) return wrong(value, 'a list');
    for (let i = 0; i < value.length; i++) {
      const problem = shape(value[i]);
      if (problem !== undefined) return `[${i}]${problem}`;
    }
    return undefined;
  };
}

/** An object of any keys, each value of the shape. */
export function recordOf<T>(shape: Shape<T>): Shape<Record<string, T>> {
  return (value) => {
    if (!isObject(value)) return wrong(value, 'an object');
    for (const key in value) {
      const problem = shape(value[key]);
      if (problem !== undefined) return `.${key}${problem}`;
    }
    return undefined;
  };
}

/** An object with exactly the keys `keys`, each value of the shape. */
export function keyed<const K extends string, T>(keys: readonly K[], shape: Shape<T>): Shape<Record<K, T>> {
  const known = new Set<string>(keys);
  const values = recordOf(shape);
  return (value) => {
    if (!isObject(value)) return wrong(value, 'an object');
    const missing = keys.find((k) => !(k in value));
    if (missing !== undefined) return `: no "${missing}"`;
    const extra = Object.keys(value).find((k) => !known.has(k));
    return extra === undefined ? values(value) : `: unknown key "${extra}"`;
  };
}

/** An object with the given fields and no others: a misspelt key in an overlay is an error, not a silently missing fact. */
export function object<T>(fields: Fields<T>): Shape<T> {
  const shapes = new Map<string, Shape<unknown> & { readonly optional?: boolean }>(Object.entries(fields));
  const required = [...shapes].filter(([, shape]) => !shape.optional).map(([key]) => key);
  return (value) => {
    if (!isObject(value)) return wrong(value, 'an object');
    let requiredSeen = 0;
    for (const key in value) {
      const shape = shapes.get(key);
      if (!shape) return `: unknown field "${key}"`;
      const problem = shape(value[key]);
      if (problem !== undefined) return `.${key}${problem}`;
      if (!shape.optional) requiredSeen++;
    }
    if (requiredSeen === required.length) return undefined;
    return `: no "${required.find((key) => !(key in value))}"`;
  };
}

/** One of several shapes, chosen by the value of its field `tag` (a union such as { type: 'time'; unit } | { type: 'integer' }). */
export function tagged<T>(tag: string, shapes: Readonly<Record<string, Shape<T>>>): Shape<T> {
  return (value) => {
    if (!isObject(value)) return wrong(value, 'an object');
    const which = value[tag];
    const shape = typeof which === 'string' && Object.hasOwn(shapes, which) ? shapes[which] : undefined;
    return shape ? shape(value) : `.${tag}: ${describe(which)} is none of ${Object.keys(shapes).join(', ')}`;
  };
}

/** `value`, typed: it has the shape, or loading stops with the file and the place that is wrong. */
export function readData<T>(file: string, value: unknown, shape: Shape<T>): T {
  const problem = shape(value);
  if (problem !== undefined) throw new Error(`${file}: ${problem.replace(/^\.|^: /, '')}`);
  return value as T;
}
