// Italian words for reading briefs and threads (see types.ts for what each list means).
import type { TaskWords } from './types.js';

export const taskWords: TaskWords = {
  greetings: ['ciao', 'buongiorno', 'buonasera', 'salve', 'caro', 'cara', 'gentile'],
  groups: ['tutti', 'a tutti', 'ragazzi', 'team'],
  signoffs: ['grazie', 'grazie mille', 'saluti', 'cordiali saluti', 'un caro saluto', 'a presto', 'buona giornata'],
  firstPerson: ['io'],
  me: ['io', 'me'],
  you: ['tu', 'te', 'voi', 'lei'],
  modalYou: ['potresti', 'puoi', 'potrebbe', 'potreste', 'riesci a'],
  please: ['per favore', 'per piacere', 'cortesemente'],
  headers: {
    item: ['attività', 'compito', 'azione', 'cosa', 'voce'],
    owner: ['responsabile', 'chi', 'incaricato', 'referente'],
    due: ['scadenza', 'data', 'quando', 'entro'],
    status: ['stato'],
  },
  unassigned: ['da definire', 'nessuno'],
  done: ['fatto', 'fatta', 'completato', 'completata', 'chiuso', 'firmato'],
  roles: ['il team', "l'ufficio legale", 'gli acquisti', 'il fornitore'],
  someone: ['qualcuno'],
  future: ['si occupa di', 'si occupa della', 'si occuperà di', 'deve', 'dovrà'],
  dateConnectors: ['entro', 'entro il', 'entro la', 'per', 'per il', 'prima di', 'il'],
};
