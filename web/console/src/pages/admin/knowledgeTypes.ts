export interface KnowledgeBase {
  id: string;
  slug: string;
  name: string;
  version: number;
  documents: number;
  chunks: number;
  updatedAt: string;
}

export interface DocumentRow {
  id: string;
  source: string;
  title: string;
  contentType: string;
  sizeBytes: number;
  status: string;
  version: number;
  chunks: number;
  updatedAt: string;
}

export interface Revision {
  id: string;
  source: string;
  contentType: string;
  sha256: string;
  sizeBytes: number;
  addedInVersion: number;
  removedInVersion: number | null;
  createdAt: string;
}

export interface IngestionItem {
  source: string;
  sizeBytes: number;
  status: string;
  documentId: string | null;
  chunks: number;
  error: string | null;
  completedAt: string | null;
}

export interface IngestionJob {
  id: string;
  knowledgeBase: string;
  origin: string;
  createdAt: string;
  completedAt: string | null;
  total: number;
  done: number;
  failed: number;
  items: IngestionItem[];
}

/** GET /api/v1/knowledge-bases/{slug}/vectors: how far the background embedding of the passages is. */
export interface VectorStatus {
  model: string;
  embedded: number;
  total: number;
  complete: boolean;
  running: boolean;
  lastError: string | null;
  encoderError: string | null;
}
