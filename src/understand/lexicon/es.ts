// Spanish words for reading briefs and threads (see types.ts for what each list means).
import type { TaskWords } from './types.js';

export const taskWords: TaskWords = {
  greetings: ['hola', 'buenos días', 'buenas tardes', 'buenas', 'estimado', 'estimada', 'querido', 'querida'],
  groups: ['todos', 'a todos', 'equipo', 'chicos'],
  signoffs: ['gracias', 'muchas gracias', 'saludos', 'un saludo', 'un abrazo', 'atentamente', 'hasta pronto', 'cordialmente'],
  firstPerson: ['yo'],
  me: ['yo', 'mí', 'mi'],
  you: ['tú', 'tu', 'usted', 'ustedes', 'vosotros'],
  modalYou: ['puedes', 'podrías', 'podría usted', 'pueden', 'podrían', 'me puedes'],
  please: ['por favor', 'porfa'],
  headers: {
    item: ['tarea', 'acción', 'qué', 'entregable', 'tema'],
    owner: ['responsable', 'quién', 'encargado', 'dueño'],
    due: ['fecha', 'fecha límite', 'plazo', 'cuándo', 'vencimiento'],
    status: ['estado'],
  },
  unassigned: ['por definir', 'pendiente', 'nadie'],
  done: ['hecho', 'hecha', 'terminado', 'listo', 'lista', 'completado', 'firmado'],
  roles: ['el equipo', 'legal', 'compras', 'el proveedor', 'el cliente'],
  someone: ['alguien'],
  future: ['va a', 'se encarga de', 'se encarga del', 'se ocupa de', 'se ocupa del', 'se encargará de', 'tiene que', 'debe'],
  dateConnectors: ['para', 'para el', 'antes de', 'antes del', 'hasta', 'hasta el', 'el', 'a más tardar el'],
};
