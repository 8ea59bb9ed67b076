// SCORM API discovery as ADL describes it: climb the parent chain (bounded), then the opener's chain.
// Frames from other origins throw on access; those count as "not here".

const MAX_HOPS = 500;

function scan(start: Window, name: string): unknown {
  let win: Window = start;
  for (let hops = 0; hops <= MAX_HOPS; hops++) {
    try {
      const api = (win as unknown as Record<string, unknown>)[name];
      if (api) return api;
    } catch {
      /* cross-origin frame */
    }
    let parent: Window | null = null;
    try {
      parent = win.parent;
    } catch {
      parent = null;
    }
    if (!parent || parent === win) return undefined;
    win = parent;
  }
  return undefined;
}

export function findApi<T>(name: 'API' | 'API_1484_11', from: Window = window): T | undefined {
  const own = scan(from, name);
  if (own) return own as T;
  for (const w of [from.opener as Window | null, safeTop(from)?.opener as Window | null]) {
    if (!w) continue;
    const found = scan(w, name);
    if (found) return found as T;
  }
  return undefined;
}

function safeTop(w: Window): Window | null {
  try {
    return w.top;
  } catch {
    return null;
  }
}

/** Some LMSs inject the API a little after the content frame loads: retry a few times. */
export async function discoverApi<T>(name: 'API' | 'API_1484_11', tries = 5, delayMs = 150): Promise<T | undefined> {
  for (let i = 0; i < tries; i++) {
    const api = findApi<T>(name);
    if (api) return api;
    await new Promise((r) => setTimeout(r, delayMs));
  }
  return undefined;
}
