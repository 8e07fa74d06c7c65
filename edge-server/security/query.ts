// Validators for text input from URLs (query strings and path segments), where numbers arrive as text.

import { ValidationError, type Validator } from './validate.ts';

/** A decimal integer written as text ('42'), within bounds. */
export function integerText(rules: { min?: number; max?: number } = {}): Validator<number> {
  return (value, path = '') => {
    if (typeof value !== 'string' || !/^-?\d{1,16}$/.test(value)) throw new ValidationError(path, 'must be an integer');
    const n = Number(value);
    if (rules.min !== undefined && n < rules.min) throw new ValidationError(path, `must be at least ${rules.min}`);
    if (rules.max !== undefined && n > rules.max) throw new ValidationError(path, `must be at most ${rules.max}`);
    return n;
  };
}

/** A decimal number written as text ('12.5', '-3e2'), finite, within bounds. */
export function numberText(rules: { min?: number; max?: number } = {}): Validator<number> {
  return (value, path = '') => {
    if (typeof value !== 'string' || !/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value)) throw new ValidationError(path, 'must be a number');
    const n = Number(value);
    if (!Number.isFinite(n)) throw new ValidationError(path, 'must be a finite number');
    if (rules.min !== undefined && n < rules.min) throw new ValidationError(path, `must be at least ${rules.min}`);
    if (rules.max !== undefined && n > rules.max) throw new ValidationError(path, `must be at most ${rules.max}`);
    return n;
  };
}
