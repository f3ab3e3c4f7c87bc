// Sentence-level "does this sentence carry an actionable request or commitment?" decision (speech acts
// "ask" and "commit"). Used by `coordinator intent FILE` and measured on a public sentence-level data set.
// The decision is a logistic regression (see learn/) over the sentence's lemmas, how its clauses open, the
// form of its first verb, modal + person pairs and its shape. The phrase rules below were fitted to one
// data set: as features they made the model copy their misses on wording they don't list (recall 0.60 on
// our indirectly worded sentences, against 0.88 without them), so they now only explain (`intentReason`).
import { sentenceFeatures } from './learn/features.js';
import { predict } from './learn/logreg.js';
import { requestModel } from './learn/model.js';
import { tokenize } from './learn/tokens.js';

// list-mail housekeeping (unsubscribe, safe-sender, "view in browser"): instructions nobody tracks
const HOUSEKEEPING =
  /\b(?:unsubscribe|opt[- ]?out|no longer (?:wish |like )?to receive|(?:would|'d) no longer like|prefer not to receive|stop receiving|disable these (?:notifications|emails)|ensure (?:future )?delivery|safe[- ]?senders?|white ?list|address book|trouble viewing|view (?:this|it) (?:e-?mail |message )?(?:in|on) (?:your|a) (?:web )?browser|manage (?:your )?(?:subscription|preferences|notifications)|email preferences)\b/i;

const REQUEST_START =
  /^(?:please|pls|kindly|could you|can you|would you|will you|would you mind|do you mind|could we|can we|shall we|should we|let me know|let us know|lmk|make sure|be sure|remember to|don't forget|do not forget|feel free to|give me a call|call me|send me|email me|ping me|get back to me|tell me|advise|confirm|forward|reply|respond|see (?:the )?attached|find attached|attached (?:is|are)|i need you to|we need you to|i'd like you to|i would like you to|would it be possible|is it possible|any chance|bitte|könnten sie|kannst du|pourriez-vous|pouvez-vous|merci de|podr[ií]as|puede[ns]? |por favor|potresti|per favore|kun je|kunt u)\b/i;

const IMPERATIVE_VERB =
  /^(?:send|call|email|e-mail|fax|forward|review|check|confirm|approve|sign|fill (?:out|in)|complete|submit|return|schedule|set up|arrange|book|update|prepare|draft|write|read|look (?:at|into|over)|take a look|have a look|find|get|give|provide|pull|print|mail|add|remove|change|fix|let|contact|ask|tell|make|bring|pick up|plan|attend|join (?:us|me|the)|come (?:join|by|over|to|see)|drop by|stop by|grab me|meet|note|keep|use|follow up|reach out|coordinate|handle|pass|circulate|distribute|share|include|put|ensure|verify|respond|reply|advise|discuss|sort out|talk to|speak (?:to|with)|see (?:if|whether|me|what|who|how|below|attached|the attached|email|my)|try|take (?:a (?:minute|moment|few minutes|second)|the time)|go (?:ahead|to|get|home)|expect (?:a|an|us|me|him|her|them)|count me in|watch|open|paste|select|place (?:your|an|the) order|purchase|shop|upgrade|apply|learn more|pre-?order|wake up|begin|simply (?:use|select|click|reply|go|log)|just (?:reply|call|ask|send|give|let|drop|shoot|pick|go)|shoot me|(?:don't|do not|dont|never) (?:make|send|sign|forget|tell|share|forward|reply|call|delete|discuss|abandon|change|agree|commit|go|mention|accept|pay|wait)|why don'?t (?:you|we))\b/i;

const MODAL_REQUEST =
  /\b(?:could|can|would|will) (?:you|u|someone|somebody|anyone|we|y'all|you all|you both|you guys)\b|\b(?:do|did) you (?:have|know|want|need|think|mind|still|get|see|agree)\b|\bare you (?:available|free|able|ok|okay|going|interested|still|planning|coming|attending)\b|\bis (?:there|it|this|that) (?:any|a|something|anything|possible|ok|okay|correct|right|still)\b|\b(?:need|want|would like|'d like|wanted|like) (?:you|someone|somebody) to\b|\bi (?:(?:also|really|still|just) )?(?:need|would like|'d like|am looking for|'m looking for)\b|\bwe (?:(?:also|really|still) )?(?:need|would like|'d like)\b|\blet (?:me|us) know\b|(?<!\b(?:to|will|that) )\bplease\b(?! (?:every|even|all|just about|your|a|the)\b)|\bpls\b|\bkindly\b|\bshould (?:we|you)\b|\bit (?:would|might|may) be (?:good|great|helpful|useful|appropriate|worthwhile|ideal|nice)\b|\bwould be (?:ideal|great|helpful|appreciated|good)\b|\b(?:appreciate|grateful) (?:it )?if\b|\bwondering if\b|\bwonder if\b|\bany (?:thoughts|comments|feedback|ideas|questions|update)\b|\b(?:your|ur) (?:thoughts|comments|feedback|input|approval|help|assistance|review|response|signature)\b|\bi(?:'ll| will| shall|'m going to| am going to) (?:send|call|follow|forward|review|check|look|be (?:glad|happy|pleased|there|in touch|calling|sending)|do|make|set|put|prepare|draft|write|contact|let|give|talk|speak|try|take|bring|pick|provide|see|work|meet|arrange|schedule|update|e-?mail|fax|ask|handle|circulate|pass|come|stop|run|finish|complete|join|fill|get back|have)\b|\bwe(?:'ll| will| shall) (?:have to|be (?:glad|happy|pleased|there|setting|sending)|send|call|follow|forward|review|check|look|need|do|make|set|put|prepare|draft|write|contact|let|give|talk|try|take|provide|see|meet|arrange|schedule|update|ask|handle|deliver|lay out|save)\b|\bi (?:just )?wanted to (?:follow|check|see|ask|confirm|touch|know|get)\b|\bfollow(?:ing)?[- ]up\b/i;

// offers, suggestions and acceptances: "I'd be happy to", "I'd suggest we", "Saturday works for me", "why don't you"
const OFFER_CUE =
  /\b(?:i|we)(?:'d| would| will|'ll| shall)? (?:also )?(?:be (?:happy|glad|pleased|delighted) to|love to (?:come|talk|meet|discuss|get together|get caught|catch up|join|see|chat|hear from you|have (?:lunch|dinner|coffee|a drink)))\b|\b(?:i|we) (?:would |'d )?(?:also )?(?:suggest|recommend|propose)\b|\bi shall\b|\byou(?:'re| are) (?:welcome|invited) to\b|\byou (?:ought to|'ll have to|will have to|may prefer|might prefer|may wish to)\b|\bi assume (?:that )?you(?:'ll| will)\b|\b(?:works?|would work) (?:best |well |fine )?for (?:me|us)\b|\b(?:sounds|looks) (?:good|fine|great) to me\b|\bcount me in\b|\bwe(?:'re| are) on for\b|\bi(?:'m| am) game\b|\bi(?:'m| am) open for\b/i;

// softer cues that, in mail, usually ask for or promise something: invitations, offers to talk, "don't
// hesitate", "you may want to", a let's, a need, a time to meet
const SOFT_CUE =
  /(?:^|[,;:–—-]\s*|\b(?:so|and|then|yes|ok|okay|just|now|maybe|perhaps)\s+)lets\b|\blet's\b|\b(?:don'?t hesitate|do not hesitate|feel free|you may want to|you (?:could|must|will need to|need to)|hope (?:that )?you can|(?:any|all) (?:help|data|information|input|assistance) you can|you can (?:call|reach|catch|come|contact|find me|get me|stop by|drop|ping|email me|let me)|we (?:could|should|must|need to|have to)|we can (?:also )?(?:discuss|meet|talk|chat|speak|have|go|get together|catch up|arrange|ask|try|continue|start|do|delay|schedule|review|add|connect|set up|work|plan|decide|go over|sit down|grab|figure|follow|offer|make the|use)|i (?:can|could) (?:send|call|meet|help|do|have|give|set|make)|(?:would|will) be (?:helpful|appreciated|great)|want to (?:come|join|meet|get together|grab)|need (?:to|some|a|an|the|your|you)|appreciate|(?<!(?:not|n't|never) )discuss|(?:call|meet|lunch|dinner|drinks|coffee|chat|talk) (?:tomorrow|today|tonight|on|at|this|next|before|after|when)|(?:give|send|drop) (?:me|us) a|get back to|invite you|invitation to|r\.?s\.?v\.?p|sign up|register|visit|call \d|interested in)\b/i;

const NOT_ACTION =
  /^(?:thanks|thank you|regards|best|cheers|hi|hello|dear|fyi|ok|okay|sounds good|great|congrat)\b[^?]{0,40}$|\b(?:if you (?:do not|don't|no longer) (?:want|wish)|to (?:stop|cancel|unsubscribe)|reply stop)\b/i;
// "if you have any questions, contact us" is boilerplate; "…, give me a call" / "don't hesitate" is a person's offer
const QUESTIONS_BOILERPLATE = /\bif you have (?:any )?(?:further |other |more )?questions\b/i;
const PERSONAL_OFFER = /\b(?:me|my|i)\b|hesitate/i;

// who a sentence is addressed to, before what it asks: "Mike, send …", "Hi Laura: is it …", "Tony--pls …", "Hey call me"
const VOCATIVE =
  /^(?:(?:hi|hey|hello|dear|yo|greetings)\b[,!:]?\s*)?(?:(?:[\p{Lu}][\p{L}'.]*|all|guys|folks|team|everyone)(?:\s+[\p{Lu}][\p{L}'.]*)?\s*(?:,|:|-{2,}|\s[-–—]+)\s*)?/u;
const LEAD = /^(?:[-*•>]+\s*|(?:and|also|so|but|then|ok|okay|now|again|finally|first|second|lastly|alternatively|in addition|additionally|otherwise|meanwhile|if possible|if so|if not|in the meantime|hey|hi|as well|anyway|anyhow)[,:]?\s+)+/i;

/** What the phrase rules say about a sentence: the first rule that decides, e.g. "modal:could you" or "no:housekeeping". */
export function intentReason(sentenceRaw: string): string {
  const s = sentenceRaw.replace(/\s+/g, ' ').trim();
  if (!s || s.length < 4) return 'no:short';
  if (HOUSEKEEPING.test(s)) return 'no:housekeeping';
  // "Hi Laura, take a minute and …": what follows the greeting decides
  const greeted = s.match(/^(?:hi|hello|hey|dear|greetings)\b[^,:!?.]{0,30}[,:!]\s*(\S.{5,})$/i);
  if (greeted) return intentReason(greeted[1]!);
  if (NOT_ACTION.test(s)) return 'no:not-action';
  if (QUESTIONS_BOILERPLATE.test(s) && !PERSONAL_OFFER.test(s)) return 'no:questions-boilerplate';
  const core = s.replace(LEAD, '');
  const addressed = core.replace(VOCATIVE, '').replace(LEAD, '');
  let m: RegExpMatchArray | null;
  for (const c of addressed === core ? [core] : [core, addressed]) {
    if ((m = c.match(REQUEST_START))) return `start:${m[0].toLowerCase()}`;
  }
  if (/\?\s*$/.test(s)) return 'question';
  for (const c of addressed === core ? [core] : [core, addressed]) {
    if ((m = c.match(IMPERATIVE_VERB))) return `imperative:${m[0].toLowerCase()}`;
  }
  if ((m = s.match(MODAL_REQUEST))) return `modal:${m[0].toLowerCase()}`;
  if ((m = s.match(OFFER_CUE))) return `offer:${m[0].toLowerCase()}`;
  if ((m = s.match(SOFT_CUE))) return `soft:${m[0].toLowerCase()}`;
  return 'no';
}

/** The classifier's features for one sentence (the same for training and scoring). */
export function requestFeatures(sentence: string): string[] {
  const s = sentence.replace(/\s+/g, ' ').trim();
  return sentenceFeatures(s, tokenize(s));
}

/** Probability (0–1) that the sentence asks someone to do something or commits the writer to doing it. */
export function requestScore(sentence: string): number {
  if (sentence.trim().length < 4) return 0;
  return predict(requestModel(), requestFeatures(sentence));
}

export function isActionable(sentenceRaw: string): boolean {
  return requestScore(sentenceRaw) >= requestModel().threshold;
}

/** `coordinator intent FILE`: one sentence per line in, one Yes/No per line out (same order). */
export function classifyLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (isActionable(l) ? 'Yes' : 'No'));
}
