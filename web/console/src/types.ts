// Shapes of the server's JSON (Platform.Contracts), as the console reads them.

export interface Account {
  id: string;
  email: string;
  displayName: string;
  isDisabled: boolean;
  roles: string[];
}

export interface Citation {
  documentId: string;
  title: string;
  source: string;
  headingPath: string | null;
  snippet: string;
  score: number;
}

export interface Message {
  id: string;
  role: string;
  text: string;
  createdAt: string;
  citations?: Citation[];
  source?: string | null;
  authorName?: string | null;
}
