import { describe, expect, it } from 'vitest';
import { policyToRecord } from '../../admin/format';

const leepeem = {
  timezone: 'Asia/Seoul',
  policies: [
    { id: '2025-02', effective: '2025-02-01' },
    { id: '2027-01', effective: '2027-06-01' },
  ],
};

describe("the dashboard records a decision under the policy in force in the site's time zone", () => {
  it('at 08:59 KST on the effective date (still the day before in UTC) the new policy is in force', () => {
    expect(policyToRecord(leepeem, Date.parse('2027-05-31T23:59:00Z')).id).toBe('2027-01');
  });
  it('at 23:59 KST the evening before, the old one still is', () => {
    expect(policyToRecord(leepeem, Date.parse('2027-05-31T14:59:00Z')).id).toBe('2025-02');
  });
  it('a site in UTC reads the same instant by its own calendar', () => {
    expect(policyToRecord({ ...leepeem, timezone: 'UTC' }, Date.parse('2027-05-31T23:59:00Z')).id).toBe('2025-02');
  });
});
