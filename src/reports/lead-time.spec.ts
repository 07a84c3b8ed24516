import { leadBucket, leadBucketSql } from './lead-time.js';

describe('how late a cancellation came', () => {
  it('sorts the time before the start into buckets', () => {
    expect(leadBucket(-60)).toBe('after_start');
    expect(leadBucket(0)).toBe('under_24h');
    expect(leadBucket(86_399)).toBe('under_24h');
    expect(leadBucket(86_400)).toBe('under_7d');
    expect(leadBucket(7 * 86_400)).toBe('over_7d');
  });

  it('writes the same buckets as one SQL CASE', () => {
    expect(leadBucketSql('s')).toBe("CASE WHEN s < 0 THEN 'after_start' WHEN s < 86400 THEN 'under_24h' WHEN s < 604800 THEN 'under_7d' ELSE 'over_7d' END");
  });
});
