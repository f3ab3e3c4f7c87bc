// How a sender answers a plan we were unsure of: a short "yes" (start it), a short "no"/"cancel" (drop
// it), or anything else, which is read as the corrected list. A small closed set of words in the
// languages the reply grammar already reads (English, German, French, Spanish, Portuguese, Italian,
// Dutch); a longer reply is never taken for a yes.
export type PlanAnswer = 'confirm' | 'cancel' | 'list';

const CONFIRM = new Set([
  'yes', 'yep', 'yeah', 'yes please', 'confirm', 'confirmed', 'i confirm', 'looks good', 'looks right', 'looks fine', 'lgtm',
  'go ahead', 'go for it', 'start it', 'start', 'approved', 'approve', 'correct', 'thats right', 'all good', 'ok', 'okay',
  'sounds good', 'perfect', 'ja', 'ja bitte', 'passt', 'stimmt', 'bestätigt', 'bestätige', 'sieht gut aus', 'oui',
  'daccord', 'cest bon', 'confirmé', 'je confirme', 'sí', 'si', 'vale', 'confirmo', 'correcto', 'está bien', 'sim',
  'certo', 'está certo', 'sì', 'va bene', 'confermo', 'giusto', 'klopt', 'akkoord', 'prima', 'ziet er goed uit',
]);
const CANCEL = new Set([
  'no', 'nope', 'cancel', 'cancel it', 'please cancel', 'drop it', 'forget it', 'never mind', 'nevermind', 'nein',
  'abbrechen', 'stornieren', 'vergiss es', 'non', 'annuler', 'annule', 'laisse tomber', 'cancelar', 'cancela', 'olvídalo',
  'não', 'nao', 'annulla', 'lascia stare', 'nee', 'annuleren', 'laat maar',
]);
const THANKS = /^(?:thanks?|thank you|thx|cheers|danke(?: schön)?|merci(?: beaucoup)?|gracias|obrigad[oa]|grazie|bedankt|dank je)$/;
const GREETING = /^(?:hi|hello|hey|dear|hallo|bonjour|hola|olá|ciao|hoi)\b[^.!?\n]{0,30}[,!.]?$/i;
const SIGN_OFF = /^(?:best|regards|kind regards|best regards|cheers|thanks|thank you|viele grüße|gruß|grüße|cordialement|saludos|atenciosamente|cordiali saluti|groeten|sent from my|--)/i;

const PLEASE = /^(?:please|bitte|por favor|per favore|svp|sil vous plaît|alsjeblieft)\s+|\s+(?:please|bitte|por favor|per favore|svp|sil vous plaît|alsjeblieft)$/g;
const NAME = /^[\p{Lu}][\p{L}'-]+(?:\s[\p{Lu}][\p{L}'-]+)?$/u; // a sign-off that is just the sender's name

const norm = (s: string) => s.toLowerCase().replace(/[’'`"“”]/g, '').replace(/[.!]+$/, '').replace(/\s+/g, ' ').trim().replace(PLEASE, '');

/** The first meaningful line, split on commas ("yes, thanks", "looks good - go ahead"). */
export function readPlanAnswer(newText: string): PlanAnswer {
  const lines = newText.split('\n').map((l) => l.trim()).filter(Boolean);
  const body: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (i === 0 && GREETING.test(line) && lines.length > 1) continue;
    if (body.length && SIGN_OFF.test(line)) break;
    body.push(line);
  }
  if (body.length === 2 && NAME.test(body[1]!)) body.pop();
  if (!body.length || body.length > 2 || body.join(' ').length > 80) return 'list';
  const parts = body.flatMap((l) => l.split(/\s*[,;:]\s*|\s+[-–—]\s+/)).map(norm).filter((p) => p && !THANKS.test(p));
  if (!parts.length) return 'list';
  if (parts.every((p) => CONFIRM.has(p))) return 'confirm';
  if (parts.every((p) => CANCEL.has(p))) return 'cancel';
  return 'list';
}
