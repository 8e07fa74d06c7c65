import { describe, expect, it } from 'vitest';
import { isCornerEdited, validateCornerDraft, withCornerEdit, withoutCornerEdit } from './corner-edits.ts';

const limits = { apexM: 500, lengthM: 3000, crossesLine: false };

describe('validateCornerDraft', () => {
  it('accepts entry < apex < exit within the lap', () => {
    expect(validateCornerDraft({ name: "Charlotte's Web", entryM: 450, exitM: 560 }, limits)).toEqual([]);
  });
  it('rejects an empty name, bounds outside the lap and an apex outside the span', () => {
    expect(validateCornerDraft({ name: ' ', entryM: 450, exitM: 560 }, limits)).toEqual(['Give the corner a name.']);
    expect(validateCornerDraft({ name: 'T1', entryM: -5, exitM: 3100 }, limits)).toHaveLength(2);
    expect(validateCornerDraft({ name: 'T1', entryM: 510, exitM: 560 }, limits)[0]).toMatch(/before the apex/);
    expect(validateCornerDraft({ name: 'T1', entryM: 450, exitM: 490 }, limits)[0]).toMatch(/before the apex/);
    expect(validateCornerDraft({ name: 'T1', entryM: 450, exitM: 450 }, limits)[0]).toMatch(/after entry/);
    expect(validateCornerDraft({ name: 'T1', entryM: 450, exitM: 449 }, limits)[0]).toMatch(/after entry/);
    expect(validateCornerDraft({ name: 'T1', entryM: Number.NaN, exitM: 450 }, limits)[0]).toMatch(/numbers/);
  });
  it('allows a corner across the start/finish line', () => {
    expect(validateCornerDraft({ name: 'T9', entryM: 2950, exitM: 40 }, { apexM: 10, lengthM: 3000, crossesLine: true })).toEqual([]);
    expect(validateCornerDraft({ name: 'T9', entryM: 2950, exitM: 40 }, { apexM: 60, lengthM: 3000, crossesLine: true })).toHaveLength(1);
  });
});

describe('withCornerEdit / withoutCornerEdit', () => {
  it('sets and removes one corner, keeping the others', () => {
    const a = withCornerEdit({ removeCorners: [4] }, 1, { name: 'Hairpin', entryM: 100, exitM: 220 }, 'T1');
    expect(a).toEqual({ removeCorners: [4], cornerNames: { 1: 'Hairpin' }, cornerBounds: { 1: { entryM: 100, exitM: 220 } } });
    const b = withCornerEdit(a, 2, { name: 'T2', entryM: 300, exitM: 350 }, 'T2');
    expect(b.cornerNames).toEqual({ 1: 'Hairpin' });
    expect(isCornerEdited(b, 2)).toBe(true);
    const c = withoutCornerEdit(withoutCornerEdit(b, 1), 2);
    expect(c).toEqual({ removeCorners: [4] });
    expect(isCornerEdited(c, 1)).toBe(false);
  });
});
