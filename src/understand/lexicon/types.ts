// The shape of one language's words for reading briefs and threads. Each language file exports one of these
// as `taskWords`; `index.ts` merges them so the rules can ask "is this a greeting in any language?" without
// the words being spread over regular expressions in several files.

export interface TaskWords {
  /** Words that open a greeting line: "hi", "hallo", "bonjour". */
  greetings: string[];
  /** Group addressees that name nobody in particular: "all", "team", "everyone". */
  groups: string[];
  /** Closing phrases that start a signature block: "thanks", "kind regards". */
  signoffs: string[];
  /** The writer as a subject ("I") and as an object or table cell ("me"). */
  firstPerson: string[];
  me: string[];
  /** The reader: "you", "du", "vous". */
  you: string[];
  /** A question that asks the reader to do something: "can you", "könntest du". */
  modalYou: string[];
  /** Politeness markers that start a request: "please", "bitte". */
  please: string[];
  /** Column headers and field labels. */
  headers: { item: string[]; owner: string[]; due: string[]; status: string[] };
  /** An owner cell or tag that means nobody yet: "TBD", "unassigned", "whoever's free". */
  unassigned: string[];
  /** Status words that mean the work is finished: "done", "erledigt". */
  done: string[];
  /** Teams and roles that are nobody in particular: "legal", "the vendor". */
  roles: string[];
  /** "someone", "jemand": unowned work. */
  someone: string[];
  /** Auxiliaries after a name or "I" that announce a commitment: "will", "wird", "va". */
  future: string[];
  /** Words that introduce a deadline before a date: "by", "bis", "entro". */
  dateConnectors: string[];
}
