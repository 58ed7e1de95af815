/** How a staff notice words what a client did (issue 12): plural-correct, one line per kind. */

export const NOTICE_ORDER = [
  'link.redeemed',
  'device.moved',
  'confirmation.declined',
  'request.answered',
  'document.uploaded',
  'message.posted',
  'task.completed',
] as const;

const count = (n: number, one: string, many: (n: number) => string): string =>
  n === 1 ? one : many(n);

/** "answered 2 requests", "uploaded a document", … for n events of the type. */
export function noticePhrase(type: string, n: number): string {
  switch (type) {
    case 'confirmation.declined':
      return count(n, 'declined a confirmation', (k) => `declined ${k} confirmations`);
    case 'request.answered':
      return count(n, 'answered a request', (k) => `answered ${k} requests`);
    case 'document.uploaded':
      return count(n, 'uploaded a document', (k) => `uploaded ${k} documents`);
    case 'message.posted':
      return count(n, 'wrote a message', (k) => `wrote ${k} messages`);
    case 'task.completed':
      return 'completed the task';
    case 'link.redeemed':
      return count(
        n,
        'opened the task from an e-mail link',
        (k) => `opened the task from e-mail links ${k} times`,
      );
    case 'device.moved':
      return count(
        n,
        'moved the task to a new device',
        (k) => `moved the task to a new device ${k} times`,
      );
    default:
      return count(n, 'updated the task', (k) => `updated the task ${k} times`);
  }
}

/** "Jane Client answered a request and uploaded 2 documents". */
export function joinPhrases(phrases: string[]): string {
  if (phrases.length <= 1) return phrases.join('');
  return `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
}

/** The subject: one task names it, several count them. */
export function noticeSubject(
  firmName: string,
  tasks: { clientName: string; reference: string }[],
  updates: number,
): string {
  const what = updates === 1 ? 'an update' : `${updates} updates`;
  if (tasks.length === 1) {
    return `${firmName}: ${what} from ${tasks[0].clientName} on ${tasks[0].reference}`;
  }
  return `${firmName}: ${what} from clients on ${tasks.length} tasks`;
}
