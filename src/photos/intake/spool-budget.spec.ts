import { SpoolBudget } from './spool-budget';

describe('SpoolBudget', () => {
  it('refuses a user beyond their share while others still get room, and frees it on release', () => {
    const budget = new SpoolBudget({ maxBytes: 100, maxBytesPerUser: 40 });
    const first = budget.reserve('a');
    expect(first.growTo(30)).toBeUndefined();
    expect(budget.reserve('a').growTo(20)).toBe('user-full');
    expect(budget.reserve('b').growTo(40)).toBeUndefined();
    first.release();
    first.release(); // twice is harmless
    expect(budget.reservedBytes).toBe(40);
    expect(budget.reserve('a').growTo(40)).toBeUndefined();
  });

  it('refuses anyone beyond the instance budget, and grows a share as a body arrives', () => {
    const budget = new SpoolBudget({ maxBytes: 50, maxBytesPerUser: 40 });
    const chunked = budget.reserve('a');
    expect(chunked.growTo(10)).toBeUndefined();
    expect(chunked.growTo(30)).toBeUndefined();
    expect(budget.reservedBytes).toBe(30);
    expect(budget.reserve('b').growTo(30)).toBe('instance-full');
    expect(budget.reserve('c').growTo(20)).toBeUndefined();
  });
});
