// Sentence-level "does this sentence carry an actionable request or commitment?" decision (speech acts
// "ask" and "commit"). Used by `coordinator intent FILE` and measured on a public sentence-level data set.
// Deterministic rules; the same cues drive task extraction (requests to people, own commitments).

// list-mail housekeeping (unsubscribe, safe-sender, "view in browser"): instructions nobody tracks
const HOUSEKEEPING =
  /\b(?:unsubscribe|opt[- ]?out|no longer (?:wish |like )?to receive|(?:would|'d) no longer like|prefer not to receive|stop receiving|disable these (?:notifications|emails)|ensure (?:future )?delivery|safe[- ]?senders?|white ?list|address book|trouble viewing|view (?:this|it) (?:e-?mail |message )?(?:in|on) (?:your|a) (?:web )?browser|manage (?:your )?(?:subscription|preferences|notifications)|email preferences)\b/i;

const REQUEST_START =
  /^(?:please|pls|kindly|could you|can you|would you|will you|would you mind|do you mind|could we|can we|shall we|should we|let me know|let us know|lmk|make sure|be sure|remember to|don't forget|do not forget|feel free to|give me a call|call me|send me|email me|ping me|get back to me|tell me|advise|confirm|forward|reply|respond|see (?:the )?attached|find attached|attached (?:is|are)|i need you to|we need you to|i'd like you to|i would like you to|would it be possible|is it possible|any chance|bitte|könnten sie|kannst du|pourriez-vous|pouvez-vous|merci de|podr[ií]as|puede[ns]? |por favor|potresti|per favore|kun je|kunt u)\b/i;

const IMPERATIVE_VERB =
  /^(?:send|call|email|e-mail|fax|forward|review|check|confirm|approve|sign|fill (?:out|in)|complete|submit|return|schedule|set up|arrange|book|update|prepare|draft|write|read|look (?:at|into|over)|take a look|find|get|give|provide|pull|print|mail|add|remove|change|fix|let|contact|ask|tell|make|bring|pick up|plan|attend|join us|meet|note|keep|use|follow up|reach out|coordinate|handle|pass|circulate|distribute|share|include|put|ensure|verify|respond|reply|advise|discuss|sort out|talk to|speak (?:to|with)|see if|see whether|try|go ahead)\b/i;

const MODAL_REQUEST =
  /\b(?:could|can|would|will) (?:you|u|someone|somebody|anyone|we|y'all|you all|you both|you guys)\b|\b(?:do|did) you (?:have|know|want|need|think|mind|still|get|see|agree)\b|\bare you (?:available|free|able|ok|okay|going|interested|still|planning|coming|attending)\b|\bis (?:there|it|this|that) (?:any|a|something|anything|possible|ok|okay|correct|right|still)\b|\b(?:need|want|would like|'d like|wanted|like) (?:you|someone|somebody) to\b|\bi (?:need|want|would like|'d like|am looking for|'m looking for)\b|\bwe (?:need|would like|'d like|want)\b|\blet (?:me|us) know\b|\bplease\b|\bkindly\b|\b(?:need|needs) to be\b|\bshould (?:be|we|you)\b|\bit (?:would|might|may) be (?:good|great|helpful|useful|appropriate|worthwhile|ideal|nice)\b|\bwould be (?:ideal|great|helpful|appreciated|good)\b|\b(?:appreciate|grateful) (?:it )?if\b|\bwondering if\b|\bwonder if\b|\bany (?:thoughts|comments|feedback|ideas|questions|update)\b|\b(?:your|ur) (?:thoughts|comments|feedback|input|approval|help|assistance|review|response|signature)\b|\bi(?:'ll| will| shall|'m going to| am going to) (?:send|call|get|have|follow|forward|review|check|look|be|do|make|set|put|prepare|draft|write|contact|let|give|talk|speak|try|take|bring|pick|provide|see|work|meet|arrange|schedule|update|e-?mail|fax|ask|handle|circulate|pass|come|stop|run|finish|complete)\b|\bwe(?:'ll| will| shall) (?:send|call|get|have|follow|forward|review|check|look|need|do|make|set|put|prepare|draft|write|contact|let|give|talk|try|take|provide|see|meet|arrange|schedule|update|ask|handle|be)\b|\bi (?:just )?wanted to (?:follow|check|see|ask|confirm|touch|know|get)\b|\bfollow(?:ing)?[- ]up\b/i;

// softer cues that, in mail, usually ask for or promise something: invitations, offers to talk, "don't
// hesitate", "you may want to", a let's, a need, a time to meet
const SOFT_CUE =
  /\b(?:let'?s|lets|don'?t hesitate|do not hesitate|feel free|you (?:may|might) want to|you (?:can|could|should|must|will need to|need to|have to)|we (?:can|could|should|must|need to|have to)|i (?:can|could) (?:send|get|call|meet|help|do|have|give|set|make)|(?:would|will) be (?:helpful|appreciated|great)|(?:need|want)s? (?:to|some|a|an|the|your|you)|appreciate|discuss|(?:call|meet|lunch|dinner|drinks|coffee|chat|talk) (?:tomorrow|today|tonight|on|at|this|next|before|after|when)|(?:give|send|drop) (?:me|us) a|get back to|look forward to (?:hearing|seeing|meeting|your)|invite you|invitation to|r\.?s\.?v\.?p|sign up|register|download|visit|call \d|interested in)\b/i;

const NOT_ACTION =
  /^(?:thanks|thank you|regards|best|cheers|hi|hello|dear|fyi|ok|okay|sounds good|great|congrat)\b[^?]{0,40}$|\b(?:if you (?:do not|don't|no longer) (?:want|wish)|to (?:stop|cancel|unsubscribe)|reply stop|if you have (?:any )?questions)\b/i;

export function isActionable(sentenceRaw: string): boolean {
  const s = sentenceRaw.replace(/\s+/g, ' ').trim();
  if (!s || s.length < 4) return false;
  if (HOUSEKEEPING.test(s)) return false;
  if (NOT_ACTION.test(s)) return false;
  const core = s.replace(/^(?:[-*•>]+\s*|(?:and|also|so|but|then|ok|okay|now|again|finally|first|second|lastly|alternatively|in addition|additionally|otherwise|meanwhile|if possible|if so|if not|in the meantime)[,:]?\s+)+/i, '');
  if (REQUEST_START.test(core)) return true;
  if (/\?\s*$/.test(s)) return true;
  if (IMPERATIVE_VERB.test(core)) return true;
  if (MODAL_REQUEST.test(s)) return true;
  if (SOFT_CUE.test(s)) return true;
  return false;
}

/** `coordinator intent FILE`: one sentence per line in, one Yes/No per line out (same order). */
export function classifyLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (isActionable(l) ? 'Yes' : 'No'));
}
