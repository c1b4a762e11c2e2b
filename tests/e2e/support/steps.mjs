// A journey as a chain of named steps: each is reported on its own, and after a failure the rest are skipped rather
// than failing for the same reason.
import { it } from 'node:test';

export function journey() {
  let broken = null;
  return function step(name, body) {
    it(name, async (t) => {
      if (broken) return t.skip(`skipped: "${broken}" failed`);
      try {
        await body(t);
      } catch (error) {
        broken = name;
        throw error;
      }
    });
  };
}

/** Waits until fn() returns something truthy (polling), or throws with what was last seen. */
export async function eventually(fn, { timeoutMs = 10_000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}
