// The shapes a reply command takes, built once from the lexicon: a predicate (what happened or what is
// asked), its polarity, and who it is addressed to. Each reader in read.ts combines these.
import { alternation, objectWords, phrasalDone, phrases, words } from './words.js';

const B = String.raw`(?<![\p{L}\p{N}'])`; // word start
const E = String.raw`(?![\p{L}])`; // word end
const re = (s: string) => new RegExp(s, 'iu');

function build() {
  const obj = objectWords();
  const done = alternation(words('done'));
  const negator = String.raw`(?:${B}(?:${alternation(words('negators').filter((w) => !w.startsWith("n'")))})${E}|n't${E})`;
  const lead = alternation(words('doneLead'));
  const phrasal = phrasalDone().map(([v, p]) => `${v}\\s+(?:${obj}\\s+)?${p}`).join('|');
  const modalNeg = alternation(words('modalNegations'));
  const work = alternation(words('workVerbs'));
  return {
    negator: re(negator),
    notYet: phrases('notYet'),
    // "Done", "All booked", "That's finished", "2 is done", "Feito!", "Shipped 🙂" at the head of a clause
    doneHead: re(String.raw`^(?:${alternation(words('yes'))}[,:!\s–-]+)?(?:${lead}\s+)*${done}${E}(?!\s*\?)`),
    // "I've finished it", "we sent it this morning", "wrapped this up", "finished it over the weekend"
    doneFirstPerson: re(String.raw`^(?:(?:i|we)(?:'ve| have|'d)?\s+)?(?:just\s+|now\s+|finally\s+|already\s+|all\s+)*(?:(?:${done})\s+(?:${obj}|all|everything|the|our|my|both|them|those|these)${E}|${phrasal ? `(?:${phrasal})${E}` : '(?!)'}|got\s+(?:${obj})\s+done${E})`),
    // "it's done", "this has been sent" anywhere in the clause, for a subject that is the item itself
    // "the deposit has been paid", "the plans were sent on Monday": the work item as the subject of a passive
    doneCopula: re(String.raw`(?:${B}|(?<='))(?:${alternation(words('copulas'))})\s+(?:now\s+|all\s+|already\s+|just\s+|finally\s+)?(?:\p{L}+\s+and\s+)?${done}${E}(?!\s+(?:with|by|until|when|once|if)${E})`),
    closeOut: phrases('closeOut'),
    almostDone: re(String.raw`${B}(?:${alternation(words('almost'))})\s+(?:all\s+)?${done}${E}`),
    passiveShift: re(String.raw`${B}be\s+(?:${alternation(words('shiftParticiples'))})\s+(?:to|until|till|into)${E}\s*(.*)$`),
    helpCommands: phrases('helpCommands'),
    laterWithDate: phrases('laterWithDate'),
    // "half the rooms are done": part of the work done is progress
    partial: re(String.raw`^(?:(?:about|around|roughly|nearly|almost)\s+)?(?:half|some|most|part|parts|a few|a couple|one|two|three|four|five|\d+)\s+(?:of\s+)?(?:the\s+|them\s+|my\s+|our\s+)?`),
    // "please put Priya down as the owner", "make Sam the owner", "change the owner to Lena"
    ownerAs: re(String.raw`${B}(?:put|make|set|have|list|mark)\s+(@?[\p{L}][\p{L}'.-]*(?:\s+[\p{Lu}][\p{L}'-]+)?|[^\s<>@,;]{1,64}@[^\s<>,;]{1,253})\s+(?:down\s+)?(?:as\s+)?(?:the\s+)?(?:new\s+)?(?:owner|assignee|lead)${E}|${B}(?:owner|assignee)\s+(?:to|should be|is now|=|:)\s+([^\s<>@,;]{1,64}@[^\s<>,;]{1,253}|@?[\p{L}][\p{L}'.-]*(?:\s+[\p{Lu}][\p{L}'-]+)?)`),
    preface: re(String.raw`^(?:${alternation(words('greetings'))}${E}[^,.!:]{0,20}[,.!:]\s*)?(?:(?:${alternation(words('preface'))}|(?:${alternation(words('yes'))})(?=\s*[,:!–—-]))${E}[\s,:;!–—-]*)?`),
    dateRefused: phrases('dateRefused'),
    // "the vendor contracts went out yesterday": a determiner-led subject and an intransitive 'done'
    doneSubject: re(String.raw`^(?:(?:most|some|half|part|all|a few|two|three)\s+of\s+)?(?:the|our|my|all|both|this|that|these|those|all the)\s+(?:[\p{L}'-]+\s+){0,4}?(?:${alternation(words('doneIntransitive'))})${E}`),
    // "(i) got the permits approved"
    // past only: "we should get this done" is a plan
    doneGot: re(String.raw`(?:^|${B}(?:i|we)(?:'ve| have)?\s+)(?:just\s+|finally\s+|now\s+)?(?:got|managed to get)\s+(?:[\p{L}'-]+\s+){1,5}?${done}${E}`),
    // "I've drafted the first four chapters": some of the work
    doneSome: re(String.raw`${B}(?:i|we)(?:'ve| have)?\s+(?:\p{L}+\s+)?(?:${done})\s+(?:the first|the first few|some of|part of|most of|half of|a few of|two of|three of)${E}`),
    // "the engineer still hasn't issued the calcs": a dependency that has not moved
    stillNot: re(String.raw`${B}still\s+(?:hasn't|haven't|has not|have not|isn't|aren't|is not|are not)${E}`),
    // "need the headcount from HR before I can book", "can't move forward on this": work that waits
    needFirst: re(String.raw`^(?:i\s+|we\s+)?(?:still\s+)?needs?\s+.{3,80}?\s+(?:before\s+(?:i|we)\s+can|first|to (?:proceed|continue|move forward|go ahead))${E}`),
    cantGo: re(String.raw`${B}${alternation(words('modalNegations'))}\s+(?:\p{L}+\s+){0,2}?(?:${work})(?:\s+(?:on|with)\s+(?:${obj}))?${E}`),
    hedge: phrases('hedges'),
    blockedHead: re(String.raw`^(?:(?:still|currently|now)\s+)?${alternation(words('blockedHeads'))}${E}`),
    waiting: phrases('waiting'),
    notWaiting: phrases('notWaiting'),
    infoOnly: phrases('infoOnly'),
    tentative: phrases('tentative'),
    askAdvice: re(String.raw`^(?:${alternation(words('askAdvice'))})${E}`),
    // someone else's item: "Grace's task is done", "can you snooze Olu's reminder?"
    othersItem: re(String.raw`${B}\p{L}+'s\s+(?:reminder|task|item|nudge|deadline|part|bit|piece|one)${E}`),
    condition: re(String.raw`^(?:${alternation(words('conditions'))})${E}`),
    thirdPartyAssistant: re(String.raw`${B}(?:let|tell|ask|inform|update|cc|copy)\s+(?:${alternation(words('assistantNames'))})${E}|${B}(?:${alternation(words('assistantNames'))})\s+(?:knows?|stops?|will|can|should|is|keeps?)${E}`),
    notMine: re(String.raw`(?:${B}(?:not|never|no longer)${E}|n't${E})(?:\s+\S+){0,4}?\s+(?:${alternation(words('mine'))})${E}`),
    // "can't finish this one until …", "won't get to it before …"
    cantUntil: re(String.raw`${B}${modalNeg}\s+(?:\p{L}+\s+){0,2}?(?:${work}|\p{L}+)${E}(?:\s+\S+){0,6}?\s+(until|till|unless|before|by|while|as long as)${E}\s*(.*)$`),
    nothingUntil: re(String.raw`${B}(?:nothing|not much)\s+(?:more\s+)?(?:i|we)\s+can\s+do\s+(?:\S+\s+){0,3}?(?:until|till|before)${E}`),
    thirdPartyNotYet: re(String.raw`${B}still\s+(?:hasn't|haven't|has not|have not|isn't|aren't|not|no)${E}|${B}(?:hasn't|haven't|has not|have not)\s+(?:yet\s+)?(?:\p{L}+ed|sent|given|signed|got|come|heard)${E}`),
    // "push this back to the 24th", "move 3 to Friday", "pushing it back a week": group 1 the object, 2 the particle, 3 the target
    shift: re(String.raw`${B}(?:${alternation(words('shiftVerbs'))})(?:ing)?(\s+(?:${obj}|(?:the\s+)?(?:deadline|due date|date|item|task)|#?\d{1,2}))?(\s+(?:back|out|forward|along|over)${E})?(?:\s+(?:to|until|till|into|for|by|a|al|para|auf|au|à|naar|tot|alla)${E})?\s*(.*)$`),
    shiftVerb: phrases('shiftVerbs'),
    moreTime: phrases('moreTime'),
    dateHints: phrases('dateHints'),
    deadline: phrases('deadlineWords'),
    request: re(String.raw`^(?:${alternation(words('requests'))})(?![\p{L}'])|${B}(?:please|pls|bitte|por favor|per favore|svp|stp|graag)${E}`),
    belongsTo: re(String.raw`${B}(?:${alternation(words('belongsTo'))})\s+([^\s<>@,;]{1,64}@[^\s<>,;]{1,253}|@?[\p{L}][\p{L}'.-]*(?:\s+[\p{Lu}][\p{L}'-]+)?)`),
    statusReport: phrases('statusReport'),
    snooze: phrases('snooze'),
    hand: re(String.raw`${B}(?:${alternation(words('handVerbs'))})(?:\s+(?:${obj}|#?\d{1,2}(?:\s+and\s+#?\d{1,2})*))?(?:\s+(?:over|off|on|across|back))?\s+(?:to|a|à|an|aan)\s+([^\s<>@,;]{1,64}@[^\s<>,;]{1,253}|@?[\p{L}][\p{L}'.-]*(?:\s+[\p{Lu}][\p{L}'-]+)?)`),
    betterOwner: re(String.raw`^(@?[\p{L}][\p{L}-]+(?:\s+[\p{L}][\p{L}'-]+)??)(?:'s|\s+(?:is|will|should|can|has|knows|now)(?:\s+(?:be|now|really|probably))?)?\s+(?:${alternation(words('betterOwner'))})${E}`),
    decline: phrases('decline'),
    declineModal: re(String.raw`${B}(?:${modalNeg})\s+(?:be able to\s+)?(?:${alternation(words('declineModal'))})\s+(?:on\s+)?(?:${obj})${E}(?!\s+(?:until|till|before|by)${E})`),
    progress: phrases('progress'),
    movement: phrases('movement'),
    partCount: re(String.raw`${B}\d+\s+(?:of|out of|from|von|sur|de|di|van)\s+(?:the\s+)?\d+${E}|${B}\d{1,2}\s*%|${B}\d\s*\/\s*\d\s+(?:done|complete|finished|through)${E}`),
    doneWith: re(String.raw`^(?:i'm|i am|we're|we are)\s+(?:now\s+|all\s+)?(?:done|finished)\s+with\s+(?!you${E}|it all${E}|work${E})`),
    doneButNot: re(String.raw`${B}(?:done|finished)\s+with\s+.{1,60}\s+but\s+not${E}`),
    status: re(String.raw`${B}(?:${alternation(words('statusAsk'))})${E}.{0,60}${B}(?:still\s+)?(?:${alternation(words('statusWords'))})${E}`),
    statusAlone: re(String.raw`^(?:status|status update|status report)(?:\s+please)?\W*$`),
    helpAsk: re(String.raw`^(?:(?:so|and|but|quick question|sorry|hi|hello|hey)[,:!\s–-]+)*(?:${alternation(words('helpAsk'))})${E}`),
    helpWords: phrases('helpWords'),
    helpTopics: phrases('helpTopics'),
    helpAlone: re(String.raw`^(?:help|\?|how does this work|what can you do)\W*$`),
    firstPerson: re(String.raw`${B}(?:i|me|my|i'm|we|us)${E}`),
    unsubscribe: phrases('unsubscribe'),
    stopMail: phrases('stopMail'),
    mailWords: phrases('mailWords'),
    // "habe ich gestern abgeschlossen", "já foi enviado", "I have now finished": an auxiliary, then a 'done' word
    donePerfect: re(String.raw`^(?:${alternation(words('perfect'))})${E}(?:\s+\S+){0,5}?\s+${done}${E}`),
    // verb-final hand-over: "bitte an Jan übergeben"
    handFinal: re(String.raw`${B}(?:an|aan|à|a|to)\s+([^\s<>@,;]{1,64}@[^\s<>,;]{1,253}|@?[\p{L}][\p{L}'.-]*(?:\s+[\p{Lu}][\p{L}'-]+)?)\s+(?:\S+\s+){0,2}?(?:${alternation(words('handVerbs'))})${E}`),
    chatter: re(String.raw`^(?:(?:hi|hey|hello)\b[^.!?]{0,20}[,.!]?\s*)?(?:${alternation(words('chatter'))})${E}(?:[\s,.!:;–—-]*(?:${alternation(words('chatter'))}${E}|\p{Extended_Pictographic}|for the (?:reminder|update|heads up|nudge)|for this|for that|very much|so much))*[\s,.!:;–—\p{Extended_Pictographic}-]*$`),
    unsubscribeAlone: re(String.raw`^(?:unsubscribe|opt out|stop)\W*$`),
  };
}

let cached: ReturnType<typeof build> | null = null;
/** The patterns, built on first use (the lexicon is static). */
export function patterns() {
  return (cached ??= build());
}
