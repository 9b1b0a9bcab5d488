import { UploadSlots } from './upload-slots';

describe('UploadSlots', () => {
  it('refuses beyond the per-user cap, while others still get slots', () => {
    const slots = new UploadSlots({ maxInProgress: 10, maxInProgressPerUser: 2 });
    expect(slots.tryAcquire('a').granted).toBe(true);
    expect(slots.tryAcquire('a').granted).toBe(true);
    expect(slots.tryAcquire('a')).toEqual({ granted: false, refusal: 'user-busy' });
    expect(slots.tryAcquire('b').granted).toBe(true);
    expect(slots.inProgress).toBe(3);
  });

  it('refuses beyond the instance cap, whoever asks, and takes again once one is released', () => {
    const slots = new UploadSlots({ maxInProgress: 2, maxInProgressPerUser: 2 });
    const first = slots.tryAcquire('a');
    slots.tryAcquire('b');
    expect(slots.tryAcquire('c')).toEqual({ granted: false, refusal: 'instance-busy' });
    if (!first.granted) throw new Error('unreachable');
    first.release();
    first.release(); // twice is harmless
    expect(slots.inProgress).toBe(1);
    expect(slots.tryAcquire('c').granted).toBe(true);
    expect(slots.tryAcquire('d').granted).toBe(false);
  });
});
