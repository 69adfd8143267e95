import { useEffect, useState } from "preact/hooks";
import { pages } from "./pages";
import { SignIn } from "./pages/SignIn";
import { navigate, useRoute } from "./router";
import { session } from "./session";
import type { Account } from "./types";

export function App() {
  const [account, setAccount] = useState<Account | null>(session.current());
  const [notice, setNotice] = useState<string | undefined>();
  const [restoring, setRestoring] = useState(true);
  const route = useRoute();

  useEffect(() => {
    const unsubscribe = session.subscribe((next, reason) => {
      setAccount(next);
      if (reason) setNotice(reason);
    });
    session.restore().finally(() => setRestoring(false));
    return unsubscribe;
  }, []);

  if (restoring) return <p class="loading" role="status">Loading…</p>;
  if (!account) return <SignIn notice={notice} />;

  const visible = pages.filter((page) => !page.admin || session.isAdmin());
  const current = visible.find((page) => route.path === page.path || route.path.startsWith(`${page.path}/`));
  if (!current && visible[0]) {
    navigate(visible[0].path);
  }

  return (
    <div class="shell">
      <header class="topbar">
        <span class="brand">Support console</span>
        <nav aria-label="Console">
          {visible.map((page) => (
            <a key={page.path} href={`#${page.path}`} aria-current={page === current ? "page" : undefined}>
              {page.label}
            </a>
          ))}
        </nav>
        <span class="account">
          {account.displayName}
          <button type="button" class="link" onClick={() => session.signOut()}>Sign out</button>
        </span>
      </header>
      <main class="page">{current?.render(route)}</main>
    </div>
  );
}
