// English words the understanding engine reads. One object per concern; the reply-command reader
// (understand/replies) uses `replyWords`. Phrases are plain words: a space matches any run of spaces,
// "{it}" stands for what a reply is about ("this", "it", "this one", …).

export const replyWords = {
  // what a reply is about when it does not say: "finished it", "pass this one to …"
  objects: ['this one', 'that one', 'this task', 'the task', 'this item', 'the item', 'this', 'that', 'it'],
  // participles and adjectives that say a piece of work is finished
  done: [
    'done', 'finished', 'complete', 'completed', 'shipped', 'sorted', 'sorted out', 'delivered', 'submitted',
    'merged', 'closed', 'booked', 'handled', 'resolved', 'fixed', 'live', 'published', 'filed', 'sent', 'sent off',
    'sent out', 'ordered', 'uploaded', 'paid', 'signed', 'signed off', 'wrapped up', 'taken care of', 'dealt with',
    'out the door', 'in the bag', 'nailed down', 'locked in', 'good to go', 'all set', 'over the line',
    'went out', 'gone out', 'went live', 'gone live', 'came through', 'in place', 'up and running', 'approved',
    'squared away', 'all squared away', 'accomplished', 'mission accomplished', 'all good', "we're good", 'we are good',
    'reconciled', 'installed', 'agreed', 'finalised', 'finalized', 'printed', 'posted', 'released', 'deployed',
    'done and dusted', 'sorted now', 'all sorted now', 'done now', 'tick', 'ticked off', 'transferred', 'processed',
    'lodged', 'issued', 'settled', 'arranged', 'organised', 'organized', 'set up', 'scheduled', 'shared', 'circulated', 'drafted',
    'written up', "we're all set", 'we are all set', "i'm all set", 'checked in', 'received', 'booked in', 'confirmed and paid',
    '✅', '✔', '✔️', '☑️',
  ],
  // phrasal verbs whose particle may follow the object: "wrapped this up", "sorted it out"
  donePhrasal: [['wrapped', 'up'], ['sorted', 'out'], ['signed', 'off'], ['knocked', 'out'], ['ticked', 'off'], ['crossed', 'off']],
  // asking the assistant to close the item: "you can close this out", "mark it done"
  // words that may stand before a 'done' word at the head of a reply: "that's finished", "all booked"
  doneLead: ["it's", 'it is', "that one's", "this one's", 'that one is', "that's", 'that is', 'this is', 'this one is', 'everything is', 'everything', 'all', 'both are', 'both', 'it has been', 'this has been', "that's been", "it's been", 'that has been', 'is', 'are', 'has been', 'have been', 'been',
    'now', 'finally', 'already', 'all now', 'this', 'that', 'task', 'item', 'job', 'the task is', 'the job is', 'all of it',
    'they are', 'they have been', 'all are', 'all two', 'all three', 'all four', 'all five', 'all of them', 'both of them'],
  // things that can be the subject of a done word with no auxiliary: "the contracts went out yesterday"
  doneIntransitive: ['arrived', 'went through', 'gone through', 'is through', 'is in', 'are in', 'went out', 'gone out', 'went live', 'gone live', 'came through', 'landed', 'is live', 'are live', 'is out', 'are out'],
  // openings that only announce what follows: "just wanted to let you know (that) …"
  preface: ['just wanted to let you know that', 'just wanted to let you know', 'just to let you know', 'just letting you know', 'i can confirm that',
    'i can confirm', 'just confirming that', 'just confirming', 'confirming that', 'happy to report that', 'happy to report', 'please note that', 'please note', 'quick update', 'update', 'good news', 'fyi'],
  // a 'yes' that may open a reply: "Yup, all squared away"
  yes: ['yes', 'yep', 'yup', 'yeah', 'ya', 'ok', 'okay', 'so', 'and', 'good news', 'update', 'closing the loop', 'quick update', 'all', 'right', 'no worries', 'no problem', "g'day", 'hi', 'hey', 'great news'],
  closeOut: ['consider {it} done', 'closing the loop on {it}', '{it} can come off the list', 'can come off the list', 'take {it} off the list', 'off the list','close {it} out', 'close {it} off', 'you can close {it}', 'mark {it} as done', 'mark {it} done', 'mark {it} as complete', 'mark {it} complete', 'tick {it} off'],
  // reported or hedged: "the printer said the proofs are done" is not the sender saying so
  hedges: ['said', 'says', 'told me', 'tells me', 'mentioned', 'thinks', 'i think', 'i believe', 'apparently', 'supposedly', 'should be', 'might be', 'may be', 'hopefully', 'if'],
  // a greeting that may open a reply line ("Hi Sam, done")
  greetings: ['hi', 'hello', 'hey', 'hiya', 'morning', 'good morning', 'afternoon', 'good afternoon', 'dear'],
  // 'is/was' before a 'done' word: "the deck is finished"
  copulas: ["'s", 'is', 'are', 'was', 'were', 'has been', 'have been', 'got'],
  // asking the assistant for something: "can we …", "please …"
  requests: ['please', 'pls', 'can', 'could', 'would', 'may', "let's", 'let us', "i'd like"],
  negators: ['not', "n't", 'never', 'no', 'nothing', 'without'],
  notYet: ['not done', 'not finished', "isn't done", "isn't finished", 'not complete', 'not ready', "isn't ready", "haven't finished", "haven't been able to", 'have not been able to', "haven't started", 'not started yet', 'no can do', 'not able to yet', 'not yet', 'not done yet', 'not finished yet', 'not quite', 'not there yet', 'not complete yet', 'no progress', 'no movement', 'no news yet'],
  // someone or something the work waits on
  waiting: [
    'waiting on', 'waiting for', 'still waiting', 'held up', 'held up by', 'depends on', 'dependent on', 'hinges on',
    'hangs on', 'pending', 'on hold', 'on pause', 'paused', 'blocked', 'stuck', 'blocker', 'can only', 'need to hear back',
    'until we hear', 'until i hear', 'before i can', 'before we can', 'still chasing', 'awaiting', 'parked', 'on ice', 'waiting to hear',
    'no access', 'no response', 'no reply', 'no word from', "haven't heard", 'still with', 'still sitting', 'still locked', 'still closed', "i'm chasing", 'we are chasing', "we're chasing", 'i am chasing',
    'still under review', 'still in review', 'still stuck', 'sitting with', 'been chasing', 'keep chasing',
    'hung up on', 'held up on', 'standstill', 'at a standstill', 'stalled', "still can't", 'still cannot', 'still unable',
  ],
  blockedHeads: ['blocked', 'stuck', 'on hold', 'on pause', 'paused', 'parked', 'still blocked', 'blocker'],
  // the same words about a calendar or a road, not about the work: "I'm blocked out on Friday"
  notWaiting: ['waiting to hear whether', 'waiting to hear if', 'waiting to see if', 'waiting to see whether', 'blocked out', 'blocked off', 'blocked time', 'blocked the', 'blocked my', 'blocked some', 'blocked in', 'stuck in traffic', 'stuck at the airport'],
  // asking for advice or permission, not giving an instruction: "should I reassign this to Grace?"
  askAdvice: ['should i', 'shall i', 'do you want me to', 'do i need to', 'would you like me to', 'should we', 'shall we'],
  // a clause that opens with these is a condition, not a statement: "if so, let the coordinator know"
  conditions: ['if', 'unless', 'in case'],
  // the assistant spoken of in the third person: the clause is addressed to someone else
  assistantNames: ['the coordinator', 'the assistant', 'the bot', 'this bot', 'the system', 'the tool', 'coordinator'],
  // tentative: "we might need to move this later" is not yet a request
  tentative: ['might', 'may need', 'maybe', 'perhaps', 'possibly', 'probably', 'not sure yet', 'will let you know', "i'll let you know", 'might have to'],
  // a remark for information only, which lowers how sure a weak reading is
  infoOnly: ['which is fine', "that's fine", 'no problem', 'no issue', 'not a problem', 'all fine', 'no rush', 'just so you know', 'fyi', 'for your information', 'heads up', 'for the record', 'just letting you know'],
  // verbs of doing the work, for "can't start until …", "won't get to this before …"
  workVerbs: [
    'start', 'finish', 'proceed', 'continue', 'move forward', 'move', 'go ahead', 'do', 'complete', 'progress',
    'send', 'sign off', 'ship', 'book', 'get to', 'get on with', 'close', 'submit', 'load', 'deliver', 'wrap up', 'launch',
    'be ready', 'be done', 'be finished', 'be complete', 'make it', 'hit', 'meet',
  ],
  // "not mine", "I don't think this is for me": a negator shortly before one of these
  mine: ['mine', 'for me', 'my gig', 'my thing', 'one for me', 'my bag', 'my department', 'my field', 'my wheelhouse', 'my call', 'my job', 'my area', 'my task', 'my responsibility', 'my remit', 'my project', 'my team'],
  modalNegations: ["can't", 'cannot', 'can not', "won't", 'will not', 'unable to', 'not able to', "couldn't", "don't think i can"],
  // asking for the due date to change
  // the current date refused: "the 12th won't work" (the new one may follow)
  dateRefused: ["won't work", "doesn't work", 'does not work', 'will not work', 'is too tight', 'is too soon', 'is not realistic', "isn't realistic", 'not possible', 'is not doable', "isn't doable"],
  // a passive shift: "can the date be changed to the 30th?"
  shiftParticiples: ['changed', 'moved', 'pushed', 'pushed back', 'put back', 'extended', 'postponed', 'shifted', 'rescheduled', 'delayed'],
  shiftVerbs: ['move', 'push', 'postpone', 'reschedule', 'shift', 'bump', 'slide', 'delay', 'defer', 'extend', 'change'],
  moreTime: [
    'can i have until', 'could i have until', 'can i get until', 'could i get until', 'can we have until', 'need until',
    'need till', 'need more time', 'need a few more days', 'need another', 'need an extra', 'more time', 'extension',
    'new due date', 'new deadline', 'new date', 'another week', 'another few days', 'a few more days', 'a bit longer',
    'a little longer', 'a couple more days', 'an extra week', 'one more week',
  ],
  // a later answer promised, a snooze only when it names the day: "let me come back to you on this next Monday"
  laterWithDate: ['come back to you', 'get back to you', 'come back on this', 'leave it with me until', 'leave this with me until', 'look at it', 'look at this', 'deal with it', 'deal with this', 'pick it up', 'pick this up'],
  // weaker hints of a new date, read only when the clause names one: "let's aim for the 14th instead"
  dateHints: ['aim for', 'let us say', "let's say", 'make it', 'be late', 'running late', 'slip to', 'slipping to', 'realistically', 'instead', 'more like', 'can we say', 'shall we say', 'could we say', 'how about', 'what about',
    'realistic date', 'realistic deadline', 'more realistic', 'go for', 'too tight', 'shoot for', 'new eta', 'eta is', 'eta now', 'revised date', 'revised deadline'],
  // what a due date is called, for "can we make the deadline the 26th?"
  deadlineWords: ['deadline', 'due date', 'due', 'target date', 'end date'],
  // asking to be reminded later
  snooze: [
    'snooze', 'remind me', 'ping me', 'nudge me', 'chase me', 'check back', 'check in with me', 'ask me again',
    'pause the reminders', 'pause reminders', 'hold off', 'follow up with me', 'revisit {it}', 'circle back on {it}',
    'circle back to {it}', 'come back to {it}', 'bring {it} back', 'hold the reminders', 'hold reminders', 'circle back with me', 'touch base with me', 'check in with me on', 'pick {it} up again', 'look at {it} again', 'bring {it} up again', "don't chase me",
    'do not chase me', 'no need to chase',
  ],
  // handing the item to someone else
  handVerbs: ['reassign', 're-assign', 'give', 'hand', 'pass', 'assign', 'transfer', 'route', 'redirect', 'switch', 'move',
    'reassigning', 'giving', 'handing', 'passing', 'assigning', 'transferring'],
  handOverTo: ['over to', 'off to', 'on to', 'across to', 'to'],
  // a named person is better placed: "Sam should own this", "Sam knows this better"
  // the item belongs elsewhere: "this should go to Sam"
  belongsTo: ['should sit with', 'sit with', 'should be with', 'should go to', 'should go with', 'belongs to', 'belongs with', 'is better with', 'sits with'],
  // what a named person does or is, after "is/'s/will/should/can/has": "Dwayne's taking over", "Mia is the right person"
  betterOwner: ['own this', 'own it', 'take this', 'take it', 'handle this', 'handle it', 'do this', 'the right person', 'better placed',
    'knows this better', 'knows more', 'owns this now', 'owns this', 'taking over', 'taken over', 'got this', 'on it now', 'picking this up', 'picking it up',
    'doing this', 'doing it', 'does this', 'looking after this', 'looking after it', 'looks after this', 'in charge of this', 'running this'],
  // refusing the item without naming who should have it
  decline: [
    'decline', 'declining', 'not the right person', 'not for me', "isn't for me", 'is not for me', 'not mine',
    "isn't mine", 'not my job', 'not my area', 'not my responsibility', 'not something i', 'someone else should',
    'somebody else should', 'have to pass on', 'pass on this', 'take me off this', 'off this project',
    'no longer on', 'no longer my', 'not on this anymore', 'not on this any more', "isn't my area", 'is not my area',
    "isn't my job", 'is not my job', "isn't my responsibility", 'outside my area', 'outside my remit', 'turn this down',
    'turn it down', 'rather not take', 'leaving the project', 'off the project', 'take me off this task',
    "isn't something i can", 'not something i can', 'find someone else', 'ask someone else', 'someone else will have to',
    'by mistake', 'in error', 'wrong person', "don't work on", 'no longer work on', 'no longer involved', 'not involved anymore',
    'not involved any more', 'left the team', 'left the company', 'left the project', 'left the programme', 'left the department',
    'moved teams', 'moved roles', 'changed roles',
  ],
  declineModal: ['do', 'take', 'own', 'handle', 'pick up', 'take on', 'look after', 'cover'],
  // movement without completion
  // before a 'done' word, these make it partial: "nearly finished", "almost complete"
  almost: ['nearly', 'almost', 'close to', 'mostly', 'largely', 'partly', 'partially', 'half', 'practically', 'not quite', 'about'],
  progress: [
    'in progress', 'made a good start', 'made a decent start', 'a good start', 'a start on', 'halfway', 'half way', 'half done', 'on track', 'getting there', 'made a start', 'making progress',
    'making good progress', 'good progress', 'some progress', 'started', 'working on', 'almost done', 'almost there',
    'nearly done', 'nearly there', 'partly', 'partially', 'under way', 'underway', 'progressing', 'coming along',
    'moving along', 'chugging along', 'going well', 'going fine', 'of the way there', 'of the way through', 'most of the way',
    'two-thirds', 'two thirds', 'three quarters', 'a third of', 'well advanced', 'good shape', 'tracking well', 'on schedule',
    'on target', 'chipping away', 'plugging away', 'getting through', 'working through', 'ticking along', 'ongoing',
    'plodding on', 'plodding along', 'cracking on', 'still going', 'work in progress', 'steady progress', 'good headway',
    'making headway', 'progress is good',
  ],
  // weaker signs of movement, read only after "not done yet"
  movement: ['but close', 'close', 'most of', 'the rest', 'first', 'draft', 'written', 'reviewed', 'should be', 'will finish', "i'll finish", 'tomorrow', 'on it', 'in hand'],
  // asking what is still open
  // asking for an overview of the project
  statusReport: ['where do things stand', 'where things stand', 'where are we', 'where we are on', 'state of play', 'status update', 'status report', 'update on where', 'overview of', 'summary of', 'rundown of', 'progress report'],
  statusWords: ['open', 'outstanding', 'pending', 'overdue', 'left', 'on my plate', 'on my list', 'still to do', 'still to be done', 'still have to do', 'still need to do', 'left to do',
    'have due', 'due this week', 'due today', 'due soon', 'coming up', 'on my side', 'i own', 'assigned to me', 'i have open', 'i still owe'],
  statusAsk: ['my', 'what', "what's", 'which', 'everything', 'anything', 'list', 'all', 'summary', 'overview', 'rundown', 'status'],
  // questions about the assistant itself
  // about the assistant itself whoever asks: "is there a list of commands?"
  helpTopics: ['commands', 'keywords', 'syntax', 'set words', 'how does this work', 'how this works', 'how do you work', 'what can you do', 'what do i reply'],
  // "how do I snooze a reminder?": a command word asked about
  helpCommands: ['snooze', 'reassign', 'unsubscribe', 'decline', 'mark', 'block', 'reschedule', 'undo', 'hand over', 'update'],
  helpWords: [
    'reply with', 'reply', 'respond', 'write', 'say', 'answer', 'commands', 'keywords', 'set words', 'words',
    'syntax', 'format', 'replying', 'responding', 'options', 'mark', 'update a task', 'change the date', 'use this', 'how does this work', 'how do you work', 'how do i use', 'what can you do', 'tell you',
  ],
  helpAsk: ['what', 'which', 'how', 'is there', 'are there', 'can i', 'do i', 'should i', 'am i'],
  // stopping mail from the assistant
  unsubscribe: ['unsubscribe', 'opt out', 'opt me out'],
  // asking for mail to stop: counts when the clause names the mail ("stop sending me these reminders")
  stopMail: [
    'stop sending', 'stop emailing', 'take me off', 'remove me from', 'opt out', 'opt me out',
    'no more digests', 'no more reminders', 'no more emails', 'no more nudges', "don't send me", 'do not send me',
    'stop getting', "don't want to get", 'stop these', 'stop the reminders', 'stop the digests', "don't want these", 'do not want these', "don't need these",
    'no longer want', 'no longer need these', 'no longer receive', 'stop receiving',
  ],
  // acknowledgements that are not commands
  mailWords: ['distribution', 'distribution list', 'mailer', 'loop', 'digest', 'digests', 'summary', 'summaries', 'email', 'emails', 'e-mails', 'mail', 'mails', 'reminder', 'reminders', 'nudge', 'nudges', 'message', 'messages', 'update', 'updates', 'these', 'list', 'lists', 'mailing list', 'notification', 'notifications'],
  // first-person perfect and passive auxiliaries before a 'done' word later in the clause ("I have now finished")
  perfect: ['i have', "i've", 'we have', "we've", 'i had', 'has been', 'have been', 'was', 'were'],
  // a reply made only of these says nothing to act on
  chatter: ['thanks', 'thank you', 'thx', 'ty', 'cheers', 'great', 'ok', 'okay', 'will do', 'sounds good', 'noted', 'got it', 'perfect', 'cool', 'nice', 'understood', 'fyi', 'sure', 'so much', 'a lot', 'again', 'all', 'everyone', 'team', 'good to know', 'appreciated', 'much appreciated', 'great stuff'],
  signOffs: ['thanks', 'thank you', 'cheers', 'best', 'regards', 'kind regards', 'best regards', 'many thanks', 'all the best', 'warm regards', 'sent from my'],
};

// Words for reading briefs and threads (tasks, owners, dates): see types.ts for what each list means.
export const taskWords: import('./types.js').TaskWords = {
  greetings: ['hi', 'hello', 'hey', 'dear', 'morning', 'good morning', 'afternoon', 'good afternoon', 'evening', 'good evening', 'hi there', 'hello there', 'greetings'],
  groups: ['all', 'team', 'folks', 'everyone', 'everybody', 'guys', 'both', 'you both', 'all of you', "y'all"],
  signoffs: [
    'thanks', 'thank you', 'many thanks', 'thanks again', 'thanks all', 'thanks both', 'thanks and regards', 'thx', 'ta', 'cheers',
    'best', 'best wishes', 'regards', 'kind regards', 'best regards', 'warm regards', 'warmly', 'sincerely', 'yours', 'talk soon', 'speak soon',
  ],
  firstPerson: ['i'],
  me: ['me', 'myself'],
  you: ['you', 'yourself'],
  modalYou: ['can you', 'could you', 'would you', 'will you', 'can you two', 'could you two', 'can you both', 'could you both', 'would you mind'],
  please: ['please', 'pls', 'kindly'],
  headers: {
    item: ['task', 'action', 'action item', 'item', 'what', 'deliverable', 'todo', 'to do', 'to-do', 'workstream', 'work item', 'activity', 'step', 'description'],
    owner: ['owner', 'who', 'assignee', 'assigned to', 'responsible', 'lead', 'owned by', 'person'],
    due: ['due', 'due date', 'deadline', 'date', 'when', 'by', 'target', 'target date', 'by when'],
    status: ['status', 'state', 'progress'],
  },
  unassigned: ['tbd', 'tbc', 'n/a', 'none', 'nobody', 'unassigned', 'no owner', 'no owner yet', 'owner tbd', 'whoever', "whoever's free", 'anyone', 'volunteer needed'],
  done: ['done', 'complete', 'completed', 'finished', 'closed', 'resolved', 'shipped', 'delivered', 'signed', 'approved', 'booked', 'sorted'],
  roles: [
    'legal', 'it', 'hr', 'finance', 'compliance', 'procurement', 'security', 'it security', 'facilities', 'marketing', 'sales', 'support', 'ops',
    'operations', 'engineering', 'design', 'purchasing', 'accounting', 'management', 'the board', 'the team', 'our team', 'dev team', 'the vendor',
    'the agency', 'the client', 'the customer', 'the supplier', 'the contractor', 'the printer', 'we', 'everyone',
  ],
  someone: ['someone', 'somebody', 'anyone', 'anybody'],
  future: ['will', "'ll", 'is going to', 'are going to', 'has agreed to', 'agreed to', 'is taking', 'is on', 'owns', 'will own', 'is handling', 'will handle', 'is doing', 'will do', 'is responsible for', 'is to', 'needs to', 'has to', 'should'],
  dateConnectors: ['by', 'until', 'till', 'before', 'no later than', 'on', 'due', 'for'],
};
