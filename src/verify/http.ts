// Small HTTP helpers over Node's fetch, each bounded in time: verify polls engines and never hangs.
import { setTimeout as sleep } from "node:timers/promises";

export async function getJson<T>(url: string, timeoutMs = 5000): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

/** Polls `url` until it answers 2xx, the child it belongs to dies, or `timeoutMs` passes. */
export async function waitReady(url: string, timeoutMs: number, dead: () => boolean): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (dead()) return false;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  return false;
}
