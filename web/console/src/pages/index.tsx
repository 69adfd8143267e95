// The console's pages, in navigation order: agents' pages first, then those only admins see.
import type { ComponentChildren } from "preact";
import type { Route } from "../router";
import { QueuePage } from "./agent/QueuePage";
import { TicketsPage } from "./agent/TicketsPage";
import { AgentsPage } from "./admin/Agents";
import { AnalyticsPage } from "./admin/Analytics";
import { KnowledgePage } from "./admin/Knowledge";
import { ModelsPage } from "./admin/Models";
import { TestChatPage } from "./admin/TestChat";
import { TrainingDataPage } from "./admin/TrainingData";
import { TranscriptsPage } from "./admin/Transcripts";
import { WidgetSettingsPage } from "./admin/WidgetSettings";

export interface Page {
  /** The hash path, e.g. "/queue"; longer paths under it (/queue/<id>) belong to the same page. */
  path: string;
  label: string;
  admin: boolean;
  render: (route: Route) => ComponentChildren;
}

export const pages: Page[] = [
  { path: "/queue", label: "Queue", admin: false, render: (route) => <QueuePage route={route} /> },
  { path: "/tickets", label: "Tickets", admin: false, render: () => <TicketsPage /> },
  // Admin pages
  { path: "/admin/knowledge", label: "Knowledge", admin: true, render: () => <KnowledgePage /> },
  { path: "/admin/test-chat", label: "Test chat", admin: true, render: () => <TestChatPage /> },
  { path: "/admin/transcripts", label: "Transcripts", admin: true, render: (route) => <TranscriptsPage route={route} /> },
  { path: "/admin/analytics", label: "Analytics", admin: true, render: () => <AnalyticsPage /> },
  { path: "/admin/training", label: "Training data", admin: true, render: () => <TrainingDataPage /> },
  { path: "/admin/models", label: "Models", admin: true, render: () => <ModelsPage /> },
  { path: "/admin/widget", label: "Widget", admin: true, render: () => <WidgetSettingsPage /> },
  { path: "/admin/agents", label: "Agents", admin: true, render: () => <AgentsPage /> },
];
