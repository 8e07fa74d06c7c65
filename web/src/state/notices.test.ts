import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createNotices } from './notices.ts';

describe('notices', () => {
  it('keeps every error but only the latest successes and infos', () => {
    createRoot((dispose) => {
      const n = createNotices();
      n.push({ tone: 'error', title: 'e1' });
      for (let i = 1; i <= 4; i++) n.push({ tone: 'success', title: `s${i}` });
      n.push({ tone: 'info', title: 'i1' });
      expect(n.list().map((x) => x.title)).toEqual(['e1', 's4', 'i1']);
      n.dismiss(n.list()[0].id);
      expect(n.list().map((x) => x.title)).toEqual(['s4', 'i1']);
      dispose();
    });
  });
});
