import type { DocumentView } from '@app/contracts';
import type { TaskDocument } from './task-document.entity';

/** What a document's view is made of (a stored document, or the detail's read of one). */
export type DocumentViewParts = Pick<
  TaskDocument,
  | 'id'
  | 'requestId'
  | 'filename'
  | 'contentType'
  | 'size'
  | 'sha256'
  | 'uploadedByType'
  | 'createdAt'
>;

export function toDocumentView(d: DocumentViewParts): DocumentView {
  return {
    id: d.id,
    requestId: d.requestId,
    filename: d.filename,
    contentType: d.contentType,
    size: d.size,
    sha256: d.sha256,
    uploadedBy: d.uploadedByType,
    createdAt: d.createdAt.toISOString(),
  };
}
