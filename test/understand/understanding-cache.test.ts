import { describe, expect, it } from 'vitest';
import { dbCallBudget, dbExtractionCache } from '../../src/store/understanding-cache.js';
import { testDatabases } from '../support/databases.js';

for (const tdb of testDatabases) {
  describe(`understanding cache and LLM call budget on ${tdb.name}`, () => {
    it('stores extractions by hash and counts calls per sender per day up to the cap', async () => {
      const store = await tdb.open();
      try {
        const cache = dbExtractionCache(store.db);
        expect(await cache.get('h1')).toBeNull();
        await cache.put('h1', 'rules+llm:m', { tasks: [], meeting: null });
        await cache.put('h1', 'rules+llm:m', { tasks: [{ title: 'x' }], meeting: null });
        expect(await cache.get('h1')).toEqual({ tasks: [{ title: 'x' }], meeting: null });
        const budget = dbCallBudget(store.db, 2);
        expect(await budget.take('a@x.com', '2025-02-03')).toBe(true);
        expect(await budget.take('a@x.com', '2025-02-03')).toBe(true);
        expect(await budget.take('a@x.com', '2025-02-03')).toBe(false);
        expect(await budget.take('b@x.com', '2025-02-03')).toBe(true);
        expect(await budget.take('a@x.com', '2025-02-04')).toBe(true);
      } finally {
        await store.close();
      }
    });
  });
}
