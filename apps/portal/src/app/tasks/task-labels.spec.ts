import { AWAITING_FIRM_LABEL, requestStatusLabel, requestsLeft } from './task-labels';

describe('task labels (issue 12: a declined confirmation waits for the firm)', () => {
  const answer = (decision: 'approved' | 'declined') => ({
    status: 'submitted' as const,
    text: null,
    decision,
    by: 'client' as const,
    updatedAt: '2026-11-26T10:00:00.000Z',
    submittedAt: '2026-11-26T10:00:00.000Z',
  });

  it('never says Done for a declined confirmation', () => {
    expect(
      requestStatusLabel({ status: 'done', kind: 'confirmation', answer: answer('declined') }),
    ).toBe('Sent to your firm, awaiting their reply');
    expect(
      requestStatusLabel({ status: 'done', kind: 'confirmation', answer: answer('approved') }),
    ).toBe('Done');
    expect(requestStatusLabel({ status: 'open', kind: 'question' })).toBe('To do');
    expect(requestStatusLabel({ status: 'open', kind: 'question', changeNote: 'Add hats.' })).toBe(
      'Changes requested',
    );
  });

  it('says the task waits for the firm instead of "0 of 2 requests left"', () => {
    expect(requestsLeft({ openRequests: 0, totalRequests: 2, awaitingFirm: true })).toBe(
      AWAITING_FIRM_LABEL,
    );
    expect(requestsLeft({ openRequests: 1, totalRequests: 2 })).toBe('1 of 2 requests left');
  });
});
