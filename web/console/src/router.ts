// Hash routes (#/queue, #/chats/<id>, ...): the console is static files, so deep links need no server fallback.
import { useEffect, useState } from "preact/hooks";

export interface Route {
  path: string;
  segments: string[];
}

function parse(): Route {
  const path = decodeURI(location.hash.replace(/^#/, "")) || "/";
  return { path, segments: path.split("/").filter(Boolean) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const changed = () => setRoute(parse());
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return route;
}

export function navigate(path: string): void {
  location.hash = path;
}
