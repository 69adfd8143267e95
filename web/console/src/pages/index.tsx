// The console's pages, in navigation order: agents' pages first, then those only admins see.
import type { ComponentChildren } from "preact";
import type { Route } from "../router";
import { QueuePage } from "./agent/QueuePage";
import { TicketsPage } from "./agent/TicketsPage";

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
];
