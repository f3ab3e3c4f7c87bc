// Polish words for reading briefs and threads (see types.ts for what each list means).
import type { TaskWords } from './types.js';

export const taskWords: TaskWords = {
  greetings: ['cześć', 'dzień dobry', 'witam', 'hej', 'drogi', 'droga', 'szanowny', 'szanowna'],
  groups: ['wszyscy', 'zespół', 'wszystkich'],
  signoffs: ['dzięki', 'dziękuję', 'pozdrawiam', 'pozdrowienia', 'z poważaniem', 'serdecznie', 'do usłyszenia'],
  firstPerson: ['ja'],
  me: ['ja', 'mnie'],
  you: ['ty', 'pan', 'pani', 'wy'],
  modalYou: ['czy możesz', 'możesz', 'czy mógłbyś', 'czy mogłabyś', 'czy może pan', 'czy może pani'],
  please: ['proszę', 'prosimy'],
  headers: {
    item: ['zadanie', 'działanie', 'co', 'temat'],
    owner: ['odpowiedzialny', 'odpowiedzialna', 'kto', 'właściciel'],
    due: ['termin', 'data', 'kiedy', 'do kiedy'],
    status: ['status', 'stan'],
  },
  unassigned: ['do ustalenia', 'nikt'],
  done: ['zrobione', 'gotowe', 'zakończone', 'podpisane'],
  roles: ['zespół', 'dział prawny', 'zakupy', 'dostawca'],
  someone: ['ktoś'],
  future: ['ma', 'musi', 'zajmie się', 'zajmuje się'],
  dateConnectors: ['do', 'przed', 'na'],
};
