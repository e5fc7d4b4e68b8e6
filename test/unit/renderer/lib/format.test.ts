// Durations as the app writes them in grace, quiet-revocation and policy texts.
import { describe, expect, it } from 'vitest';
import { describeSeconds } from '../../../../src/renderer/lib/format';

describe('describeSeconds', () => {
  it('uses the largest unit that divides the duration, singular for one', () => {
    expect(describeSeconds(7200)).toBe('2 hours');
    expect(describeSeconds(86400)).toBe('1 day');
    expect(describeSeconds(604800)).toBe('7 days');
    expect(describeSeconds(60)).toBe('1 minute');
    expect(describeSeconds(5400)).toBe('90 minutes');
    expect(describeSeconds(90)).toBe('90 seconds');
    expect(describeSeconds(1)).toBe('1 second');
  });
  it('says 0 seconds for none', () => {
    expect(describeSeconds(0)).toBe('0 seconds');
  });
});
