// The body a Chat Completions server answers with (POST /v1/chat/completions → chat.completion), for the
// tests that run the real `openai` client against a local server speaking that wire format.
export function chatCompletion(content: string) {
  return {
    id: 'chatcmpl-local',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'local-model',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}
