// The console's one door to the REST API: bearer token, JSON, and ProblemDetails turned into readable errors.
import { session } from "./session";

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export interface Problem {
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
}

/** The sentence to show for a failed response: the server's detail, else its title, else the status. */
export async function describeFailure(response: Response): Promise<string> {
  const problem = (await response.json().catch(() => ({}))) as Problem;
  const fieldErrors = problem.errors ? Object.values(problem.errors).flat().join(" ") : "";
  return problem.detail ?? (fieldErrors || problem.title) ?? `The server answered ${response.status}.`;
}

/** Sends a request with the signed-in account's token; refreshes the token once when it has expired. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const send = () => {
    const headers = new Headers(init.headers);
    const token = session.accessToken();
    if (token) headers.set("Authorization", `Bearer ${token}`);
    if (init.body && !(init.body instanceof FormData) && !headers.has("Content-Type")) {
      headers.set("Content-Type", "application/json");
    }
    return fetch(path, { ...init, headers });
  };

  let response: Response;
  try {
    response = await send();
    if (response.status === 401 && (await session.refresh())) response = await send();
  } catch {
    throw new ApiError("The server cannot be reached. Check the connection and try again.", 0);
  }
  if (response.status === 401) session.signOut("Your session has ended: sign in again.");
  if (!response.ok) throw new ApiError(await describeFailure(response), response.status);
  return response;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  // Revalidate every read: the console shows what the server holds now, not what a browser cache kept.
  return (await (await request(path, { signal, cache: "no-cache" })).json()) as T;
}

export async function send<T = void>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await request(path, {
    method,
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
