// German words for reading briefs and threads (see types.ts for what each list means).
import type { TaskWords } from './types.js';

export const taskWords: TaskWords = {
  greetings: ['hallo', 'liebe', 'lieber', 'liebes', 'guten morgen', 'guten tag', 'moin', 'servus', 'hi'],
  groups: ['zusammen', 'alle', 'team', 'ihr beiden'],
  signoffs: ['danke', 'vielen dank', 'gruß', 'gruss', 'grüße', 'viele grüße', 'viele gruesse', 'liebe grüße', 'beste grüße', 'mit freundlichen grüßen', 'freundliche grüße', 'lg', 'vg'],
  firstPerson: ['ich'],
  me: ['ich', 'mich', 'mir'],
  you: ['du', 'sie', 'dich', 'dir', 'ihr'],
  modalYou: ['kannst du', 'könntest du', 'könnten sie', 'können sie', 'würdest du', 'würden sie', 'könnt ihr'],
  please: ['bitte'],
  headers: {
    item: ['aufgabe', 'aufgaben', 'maßnahme', 'was', 'punkt', 'thema', 'arbeitspaket'],
    owner: ['verantwortlich', 'wer', 'zuständig', 'owner', 'verantwortung'],
    due: ['fällig', 'frist', 'termin', 'bis', 'datum', 'wann', 'deadline'],
    status: ['status', 'stand'],
  },
  unassigned: ['offen', 'noch offen', 'niemand', 'n. n.', 'nn'],
  done: ['erledigt', 'fertig', 'abgeschlossen', 'gebucht', 'unterschrieben'],
  roles: ['die rechtsabteilung', 'einkauf', 'buchhaltung', 'das team', 'die it', 'der lieferant'],
  someone: ['jemand'],
  future: ['wird', 'werden', 'kümmert sich um', 'übernimmt', 'soll', 'muss'],
  dateConnectors: ['bis', 'bis zum', 'bis zur', 'bis spätestens', 'spätestens', 'vor', 'am', 'zum', 'ab'],
};
