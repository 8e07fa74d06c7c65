// A small typed validator for request input: each validator checks an unknown value and returns it typed,
// or throws a ValidationError naming the path of the first bad field (e.g. "frames[3].tsMs"). Used for
// every JSON body and query of the API so that bad input gets a clear 4xx before it reaches storage.

export class ValidationError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
    this.name = 'ValidationError';
  }
}

export interface Validator<T> {
  (value: unknown, path?: string): T;
  readonly optional?: boolean;
}

export type Infer<V> = V extends Validator<infer T> ? T : never;

type Shape = Record<string, Validator<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value === 'string' ? 'a string' : `${typeof value} ${String(value)}`;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export interface StringRules {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** What the pattern means, for the message (e.g. '64 lowercase hex digits'). */
  patternHint?: string;
  /** Refuse control characters (U+0000–U+001F, U+007F); default true. */
  noControl?: boolean;
}

export function string(rules: StringRules = {}): Validator<string> {
  return (value, path = '') => {
    if (typeof value !== 'string') throw new ValidationError(path, `expected a string, got ${describe(value)}`);
    if (rules.min !== undefined && value.length < rules.min) throw new ValidationError(path, rules.min === 1 ? 'must not be empty' : `must have at least ${rules.min} characters`);
    if (rules.max !== undefined && value.length > rules.max) throw new ValidationError(path, `must have at most ${rules.max} characters`);
    if (rules.noControl !== false && /[\u0000-\u001f\u007f]/.test(value)) throw new ValidationError(path, 'must not contain control characters');
    if (rules.pattern && !rules.pattern.test(value)) throw new ValidationError(path, `must be ${rules.patternHint ?? `like ${rules.pattern}`}`);
    return value;
  };
}

export interface NumberRules {
  min?: number;
  max?: number;
  integer?: boolean;
}

export function number(rules: NumberRules = {}): Validator<number> {
  return (value, path = '') => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError(path, `expected a finite number, got ${describe(value)}`);
    if (rules.integer && !Number.isSafeInteger(value)) throw new ValidationError(path, 'must be an integer');
    if (rules.min !== undefined && value < rules.min) throw new ValidationError(path, `must be at least ${rules.min}`);
    if (rules.max !== undefined && value > rules.max) throw new ValidationError(path, `must be at most ${rules.max}`);
    return value;
  };
}

export function boolean(): Validator<boolean> {
  return (value, path = '') => {
    if (typeof value !== 'boolean') throw new ValidationError(path, `expected true or false, got ${describe(value)}`);
    return value;
  };
}

export function oneOf<const T extends readonly string[]>(choices: T): Validator<T[number]> {
  return (value, path = '') => {
    if (typeof value !== 'string' || !choices.includes(value)) throw new ValidationError(path, `must be one of ${choices.join(', ')}`);
    return value as T[number];
  };
}

export function array<T>(item: Validator<T>, rules: { min?: number; max?: number } = {}): Validator<T[]> {
  return (value, path = '') => {
    if (!Array.isArray(value)) throw new ValidationError(path, `expected an array, got ${describe(value)}`);
    if (rules.min !== undefined && value.length < rules.min) throw new ValidationError(path, `must have at least ${rules.min} items`);
    if (rules.max !== undefined && value.length > rules.max) throw new ValidationError(path, `must have at most ${rules.max} items`);
    return value.map((v, i) => item(v, `${path}[${i}]`));
  };
}

/** An object with exactly these keys (unknown keys are refused unless allowUnknown). */
export function object<S extends Shape>(shape: S, options: { allowUnknown?: boolean } = {}): Validator<ObjectOf<S>> {
  return (value, path = '') => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ValidationError(path, `expected an object, got ${describe(value)}`);
    const input = value as Record<string, unknown>;
    if (!options.allowUnknown) {
      for (const key of Object.keys(input)) if (!Object.hasOwn(shape, key)) throw new ValidationError(join(path, key), 'is not an allowed field');
    }
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const present = Object.hasOwn(input, key) && input[key] !== undefined;
      if (!present) {
        if (check.optional) continue;
        throw new ValidationError(join(path, key), 'is required');
      }
      out[key] = check(input[key], join(path, key));
    }
    return out as ObjectOf<S>;
  };
}

/** A map from string keys to checked values (e.g. channel name → value). */
export function record<T>(key: Validator<string>, item: Validator<T>, rules: { maxKeys?: number } = {}): Validator<Record<string, T>> {
  return (value, path = '') => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ValidationError(path, `expected an object, got ${describe(value)}`);
    const entries = Object.entries(value as Record<string, unknown>);
    if (rules.maxKeys !== undefined && entries.length > rules.maxKeys) throw new ValidationError(path, `must have at most ${rules.maxKeys} keys`);
    const out: Record<string, T> = {};
    for (const [k, v] of entries) {
      key(k, `${path}[${JSON.stringify(k)}]`);
      out[k] = item(v, join(path, k));
    }
    return out;
  };
}

export function optional<T>(inner: Validator<T>): Validator<T | undefined> & { optional: true } {
  const v = ((value: unknown, path = '') => (value === undefined ? undefined : inner(value, path))) as Validator<T | undefined> & { optional: true };
  Object.defineProperty(v, 'optional', { value: true });
  return v;
}

/** Any JSON value, bounded in depth (the body's byte size is bounded by the body limit). */
export function json(rules: { maxDepth?: number } = {}): Validator<unknown> {
  const maxDepth = rules.maxDepth ?? 32;
  const walk = (value: unknown, path: string, depth: number): unknown => {
    if (depth > maxDepth) throw new ValidationError(path, `is nested deeper than ${maxDepth} levels`);
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new ValidationError(path, 'must be a finite number');
      return value;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`, depth + 1));
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, join(path, k), depth + 1);
      return value;
    }
    throw new ValidationError(path, `is not JSON (${typeof value})`);
  };
  return (value, path = '') => walk(value, path, 0);
}

/** A JSON object (not an array or a scalar). */
export function jsonObject(rules: { maxDepth?: number } = {}): Validator<Record<string, unknown>> {
  const inner = json(rules);
  return (value, path = '') => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ValidationError(path, `expected an object, got ${describe(value)}`);
    return inner(value, path) as Record<string, unknown>;
  };
}

/** Checks a value; { ok: false } carries the error instead of throwing. */
export function check<T>(validator: Validator<T>, value: unknown): { ok: true; value: T } | { ok: false; error: ValidationError } {
  try {
    return { ok: true, value: validator(value, '') };
  } catch (e) {
    if (e instanceof ValidationError) return { ok: false, error: e };
    throw e;
  }
}
