// Waits for a condition a real peer brings about (IDLE push, a queue run), failing with what it waited for.
// The ceiling is generous on purpose: on a loaded machine (load 12 on 2 cores) a few seconds' work can take
// a minute, and a wait that gives up early fails a test that has nothing wrong.
export async function until<T>(what: string, fn: () => Promise<T | undefined | false | null>, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
