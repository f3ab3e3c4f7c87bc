// Portuguese words for reading briefs and threads (see types.ts for what each list means).
import type { TaskWords } from './types.js';

export const taskWords: TaskWords = {
  greetings: ['olá', 'ola', 'oi', 'bom dia', 'boa tarde', 'caro', 'cara', 'prezado', 'prezada'],
  groups: ['todos', 'pessoal', 'equipe', 'equipa'],
  signoffs: ['obrigado', 'obrigada', 'abraço', 'abraços', 'abs', 'atenciosamente', 'cumprimentos', 'beijos', 'até logo'],
  firstPerson: ['eu'],
  me: ['eu', 'mim'],
  you: ['você', 'voce', 'tu', 'vocês'],
  modalYou: ['podes', 'poderia', 'pode', 'podem', 'você pode', 'vocês podem', 'consegues', 'consegue'],
  please: ['por favor', 'pf'],
  headers: {
    item: ['tarefa', 'ação', 'o quê', 'entregável', 'item'],
    owner: ['responsável', 'quem', 'dono'],
    due: ['prazo', 'data', 'quando', 'data limite'],
    status: ['estado', 'situação'],
  },
  unassigned: ['a definir', 'ninguém'],
  done: ['feito', 'feita', 'concluído', 'concluída', 'pronto', 'pronta', 'assinado'],
  roles: ['a equipe', 'a equipa', 'o jurídico', 'compras', 'o fornecedor'],
  someone: ['alguém'],
  future: ['vai', 'vão', 'cuida de', 'cuida da', 'cuida do', 'vai tratar de', 'trata de', 'tem de', 'tem que', 'precisa'],
  dateConnectors: ['até', 'até à', 'até ao', 'até o', 'antes de', 'para', 'no dia'],
};
