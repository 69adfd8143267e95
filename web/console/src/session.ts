// The signed-in account: tokens in sessionStorage (gone when the tab closes), refreshed before they lapse.
import { describeFailure, getJson } from "./api";
import type { Account } from "./types";

const storageKey = "platform.console.session";

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

type Listener = (account: Account | null, reason?: string) => void;

class Session {
  private tokens: Tokens | null = JSON.parse(sessionStorage.getItem(storageKey) ?? "null") as Tokens | null;
  private account: Account | null = null;
  private readonly listeners = new Set<Listener>();
  private refreshing: Promise<boolean> | null = null;

  current(): Account | null {
    return this.account;
  }

  accessToken(): string | null {
    return this.tokens?.accessToken ?? null;
  }

  /** A token for the agent hub; refreshed first when it is about to lapse. */
  async freshAccessToken(): Promise<string> {
    if (this.tokens && this.tokens.expiresAt - Date.now() < 60_000) await this.refresh();
    return this.tokens?.accessToken ?? "";
  }

  isAdmin(): boolean {
    return this.account?.roles.includes("Admin") ?? false;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async signIn(email: string, password: string): Promise<void> {
    const response = await fetch("/api/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) {
      throw new Error(await describeFailure(response));
    }
    this.store(await response.json());
    await this.restore();
  }

  /** Loads the account behind stored tokens (after a reload); false when there are none or they are no good. */
  async restore(): Promise<boolean> {
    if (!this.tokens) return false;
    try {
      this.account = await getJson<Account>("/api/v1/auth/me");
      this.emit();
      return true;
    } catch {
      return false;
    }
  }

  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      if (!this.tokens) return false;
      const response = await fetch("/api/v1/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refreshToken: this.tokens.refreshToken }),
      }).catch(() => null);
      if (!response?.ok) return false;
      this.store(await response.json());
      return true;
    })().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  signOut(reason?: string): void {
    this.tokens = null;
    this.account = null;
    sessionStorage.removeItem(storageKey);
    this.emit(reason);
  }

  private store(body: { accessToken: string; refreshToken: string; expiresIn: number }): void {
    this.tokens = { accessToken: body.accessToken, refreshToken: body.refreshToken, expiresAt: Date.now() + body.expiresIn * 1000 };
    sessionStorage.setItem(storageKey, JSON.stringify(this.tokens));
  }

  private emit(reason?: string): void {
    for (const listener of this.listeners) listener(this.account, reason);
  }
}

export const session = new Session();
