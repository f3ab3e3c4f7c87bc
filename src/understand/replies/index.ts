// One reply-command grammar: the closed forms our emails teach and free wording, read the same way.
export { isChatter, parseGrammar, parseLine, type ReplyIntent } from './grammar.js';
export { mixedReply, type MixedReply } from './mixed.js';
export { parseCommand, parseItems, readReply, THRESHOLD, type Reading, type ReadOptions } from './read.js';
