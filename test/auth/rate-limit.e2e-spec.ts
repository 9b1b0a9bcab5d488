import { TestStack } from '../support/test-stack';

describe('Rate limits', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ env: { RATE_LIMIT_PER_MINUTE: '40' } });
  });
  afterAll(() => stack.close());

  const statuses = async (path: string, count: number): Promise<number[]> => {
    const result: number[] = [];
    for (let i = 0; i < count; i++) {
      result.push((await fetch(`${stack.baseUrl}${path}`, { redirect: 'manual' })).status);
    }
    return result;
  };

  it('allows a tenth of the limit (at least 10) on the sign-in routes, then answers 429', async () => {
    const answers = await statuses('/login', 11);
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(302));
    expect(answers[10]).toBe(429);
  });

  it('allows the general limit elsewhere, then answers 429; health checks are never limited', async () => {
    const answers = await statuses('/info', 41);
    // @nestjs/throttler counts per route and client, so /info has its own 40.
    expect(answers.slice(0, 40)).toEqual(Array(40).fill(200));
    expect(answers[40]).toBe(429);
    expect(await statuses('/health/live', 3)).toEqual([200, 200, 200]);
  });
});
