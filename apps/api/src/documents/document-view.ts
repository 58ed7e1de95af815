import type { DocumentView } from '@app/contracts';
import type { TaskDocument } from './task-document.entity';

export function toDocumentView(d: TaskDocument): DocumentView {
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
