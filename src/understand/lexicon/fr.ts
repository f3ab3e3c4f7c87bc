// French words for reading briefs and threads (see types.ts for what each list means).
import type { TaskWords } from './types.js';

export const taskWords: TaskWords = {
  greetings: ['bonjour', 'salut', 'bonsoir', 'cher', 'chère', 'chers'],
  groups: ['à tous', 'tous', 'tout le monde', "l'équipe"],
  signoffs: ['merci', 'merci beaucoup', 'cordialement', 'bien cordialement', 'bien à vous', 'bien à toi', 'à bientôt', 'bonne journée', 'amicalement'],
  firstPerson: ['je', "j'"],
  me: ['moi'],
  you: ['vous', 'tu', 'toi'],
  modalYou: ['pourrais-tu', 'peux-tu', 'pouvez-vous', 'pourriez-vous', 'tu peux', 'vous pouvez'],
  please: ["s'il te plaît", "s'il vous plaît", 'merci de'],
  headers: {
    item: ['tâche', 'action', 'quoi', 'livrable', 'sujet'],
    owner: ['responsable', 'qui', 'porteur', 'pilote'],
    due: ['échéance', 'date', 'quand', 'délai', 'pour le'],
    status: ['statut', 'état'],
  },
  unassigned: ['à définir', 'à confirmer', 'personne'],
  done: ['fait', 'terminé', 'terminée', 'réglé', 'signé', 'validé'],
  roles: ["l'équipe", 'le service juridique', 'les achats', 'la direction'],
  someone: ["quelqu'un"],
  future: ['va', 'vont', "s'occupe de", "s'occupera de", 'doit', 'se charge de'],
  dateConnectors: ["d'ici", "d'ici le", "d'ici à", 'avant', 'avant le', 'pour', 'pour le', 'le', 'au plus tard le'],
};
