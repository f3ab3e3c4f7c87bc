// Dutch words for reading briefs and threads (see types.ts for what each list means).
import type { TaskWords } from './types.js';

export const taskWords: TaskWords = {
  greetings: ['hoi', 'hallo', 'beste', 'goedemorgen', 'goedemiddag', 'dag'],
  groups: ['allemaal', 'iedereen', 'team', 'allen'],
  signoffs: ['groet', 'groeten', 'groetjes', 'met vriendelijke groet', 'vriendelijke groet', 'hartelijke groet', 'bedankt', 'dank je', 'dank'],
  firstPerson: ['ik'],
  me: ['ik', 'mij', 'mezelf'],
  you: ['jij', 'je', 'u', 'jullie'],
  modalYou: ['kun jij', 'kun je', 'kunt u', 'kunnen jullie', 'wil jij', 'wil je', 'zou jij', 'zou je', 'zou u'],
  please: ['alsjeblieft', 'graag', 'alstublieft'],
  headers: {
    item: ['taak', 'actie', 'wat', 'actiepunt', 'onderwerp'],
    owner: ['eigenaar', 'wie', 'verantwoordelijk', 'trekker'],
    due: ['deadline', 'datum', 'wanneer', 'uiterlijk', 'klaar op'],
    status: ['status'],
  },
  unassigned: ['nog niet bekend', 'niemand', 'nog open'],
  done: ['klaar', 'gedaan', 'afgerond', 'geregeld', 'getekend'],
  roles: ['het team', 'juridische zaken', 'inkoop', 'de leverancier'],
  someone: ['iemand'],
  future: ['gaat', 'gaan', 'zal', 'zullen', 'zorgt voor', 'moet', 'regelt'],
  dateConnectors: ['voor', 'vóór', 'uiterlijk', 'op', 'tegen', 'om'],
};
