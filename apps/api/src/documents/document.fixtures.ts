// Test data for unit specs of documents and of the views built on them (excluded from the build).
import type { DocumentView } from '@app/contracts';

/** A document's view, uploaded by the client for request req-0 at `createdAt` (ISO text). */
export const documentViewFixture = (id: string, createdAt: string): DocumentView => ({
  id,
  requestId: 'req-0',
  filename: `${id}.pdf`,
  contentType: 'application/pdf',
  size: 10,
  sha256: 'a'.repeat(64),
  uploadedBy: 'client',
  createdAt,
});
