import { describe, expect, it } from 'vitest';
import { ALL, parseSubscription, ProtocolError, subscriptionFromQuery, subscriptionJson } from './protocol.ts';

describe('live subscriptions', () => {
  it('reads the URL query: lists, all, rate and derived', () => {
    const s = subscriptionFromQuery(new URLSearchParams('cars=7,12&channels=speed,rpm&maxHz=10&derived=false'));
    expect(subscriptionJson(s)).toEqual({ cars: ['7', '12'], channels: ['speed', 'rpm'], maxHz: 10, derived: false });
    expect(subscriptionJson(subscriptionFromQuery(new URLSearchParams('')))).toEqual(subscriptionJson(ALL));
    expect(subscriptionFromQuery(new URLSearchParams('cars=*')).cars).toBeNull();
  });

  it('changes only what a subscribe message names', () => {
    const base = parseSubscription({ cars: ['7'], maxHz: 5 });
    expect(subscriptionJson(parseSubscription({ channels: ['speed'] }, base))).toEqual({ cars: ['7'], channels: ['speed'], maxHz: 5, derived: true });
    expect(parseSubscription({ cars: null }, base).cars).toBeNull();
  });

  it('refuses bad values', () => {
    for (const bad of [{ maxHz: -1 }, { maxHz: 5000 }, { maxHz: 'fast' }, { cars: 'x' }, { cars: ['bad id'] }, { channels: [1] }, { derived: 'yes' }]) {
      expect(() => parseSubscription(bad)).toThrow(ProtocolError);
    }
  });
});
