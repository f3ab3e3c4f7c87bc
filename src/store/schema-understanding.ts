// Table types added by the understanding feature (LLM cache, call budget); joined into Database in schema.ts.
export interface UnderstandingCacheTable {
  hash: string;
  engine: string;
  result: string;
  created_at: Date;
}

export interface LlmCallBudgetTable {
  sender: string;
  day: string;
  calls: number;
}

export interface UnderstandingTables {
  understanding_cache: UnderstandingCacheTable;
  llm_call_budget: LlmCallBudgetTable;
}
