// Splitting a plain-text body into "this message's own new text" and the rest: quoted reply history,
// forwarded header blocks (kept as structured data), signatures and mobile footers.
import type { Address, ForwardedHeader } from './types.js';

const FWD_MARKER =
  /^\s*(?:-{2,}\s*(?:forwarded message|original message|weitergeleitete nachricht|urspr[üu]ngliche nachricht|message transf[ée]r[ée]|message d'origine|mensaje reenviado|mensaje original|mensagem encaminhada|mensagem original|messaggio inoltrato|messaggio originale|doorgestuurd bericht|oorspronkelijk bericht)\s*-{2,}|begin forwarded message:|d[ée]but du message r[ée]exp[ée]di[ée]\s*:|inizio messaggio inoltrato:|anfang der weitergeleiteten nachricht:|comienzo del mensaje reenviado:|in[íi]cio da mensagem reencaminhada:)\s*$/i;
const ORIGINAL_MARKER = /^\s*-{2,}\s*(?:original message|urspr[üu]ngliche nachricht|message d'origine|mensaje original|mensagem original|messaggio originale|oorspronkelijk bericht)\s*-{2,}\s*$/i;

const HDR_FROM = /^\s*[*_]{0,2}(?:from|von|de|da|van|fra|från)\s*[*_]{0,2}\s*:\s*[*_]{0,2}\s*(.*)$/i;
const HDR_ANY =
  /^\s*[*_]{0,2}(from|von|de|da|van|sent|date|datum|gesendet|envoy[ée]|enviado|enviada|fecha|data|inviato|verzonden|verstuurd|to|an|à|a|para|aan|cc|kopie|subject|betreff|objet|asunto|assunto|oggetto|onderwerp|reply-to)\s*[*_]{0,2}\s*:\s*[*_]{0,2}\s*(.*)$/i;

const ATTRIBUTION_ONE =
  /^\s*(?:on\b.{3,200}\bwrote|am\b.{3,200}\bschrieb.{0,120}|le\b.{3,200}\ba [ée]crit|el\b.{3,200}\bescribi[óo]|em\b.{3,200}\bescreveu|il\b.{3,200}\bha scritto|op\b.{3,200}\bschreef.{0,120}|.{3,120}<[^>\s]+@[^>\s]+>\s*(?:wrote|schrieb|a [ée]crit|escribi[óo]|escreveu|ha scritto|schreef))\s*:\s*$/i;
const ATTRIBUTION_START = /^\s*(?:on|am|le|el|em|il|op)\s.{3,200}$/i;
const ATTRIBUTION_END = /(?:wrote|schrieb|a [ée]crit|escribi[óo]|escreveu|ha scritto|schreef)(?:\s.{0,120})?\s*:\s*$/i;

const SIGNATURE_START =
  /^\s*(?:--\s*|__{5,}|sent from my [\w ]+|sent from (?:outlook|mail|yahoo|gmail|samsung)\b.*|sent via .*|sent with .*|get outlook for .*|sent from outlook for .*|von meinem .* gesendet|gesendet von .*|envoy[ée] de mon .*|envoy[ée] depuis .*|enviado desde mi .*|enviado do meu .*|enviado de meu .*|inviato da .*|verzonden (?:vanaf|met) .*|verstuurd vanaf .*|obtener outlook para .*|outlook voor .* downloaden|t[ée]l[ée]charger outlook pour .*|\[?(?:confidentiality notice|disclaimer)\]?:?.*|this (?:e-?mail|message)(?: and any attachments)? (?:is|are|may be) (?:confidential|intended)\b.*)$/i;

export const INVISIBLE = /[\u0000\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD\u{E0000}-\u{E007F}]/gu;

export function cleanInvisible(s: string): string {
  return s.replace(INVISIBLE, '').replace(/\u00A0/g, ' ');
}

export function parseAddressList(value: string): Address[] {
  const out: Address[] = [];
  const seen = new Set<string>();
  const re = /(?:"([^"]*)"|([^<>,;"\[\]]*?))\s*(?:<\s*(?:mailto:)?([^<>\s]+@[^<>\s]+?)\s*>|\[\s*mailto:([^\]\s]+@[^\]\s]+)\s*\])|([A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
  for (const m of value.matchAll(re)) {
    const address = (m[3] ?? m[4] ?? m[5] ?? '').toLowerCase().replace(/^mailto:/, '');
    if (!address || seen.has(address)) continue;
    seen.add(address);
    const name = (m[1] ?? m[2] ?? '').replace(/^[\s,;:*_]+|[\s*_]+$/g, '').trim();
    out.push({ address, name: m[5] ? '' : name });
  }
  if (!out.length) {
    // names without addresses ("Greg Novak; Facilities")
    for (const part of value.split(/[;,]/)) {
      const name = part.replace(/[*_"]/g, '').trim();
      if (name && /^[\p{L}][\p{L} .'-]{0,60}$/u.test(name)) out.push({ address: '', name });
    }
  }
  return out;
}

export interface SplitResult {
  newText: string;
  forwarded: ForwardedHeader[];
  quoted: string; // the quoted history that was removed (for "Same deadline" look-ups)
  hadQuote: boolean;
  sections: { header: ForwardedHeader | null; text: string }[]; // top message first, then each forwarded body
}

/** Is this header-ish line the start of an Outlook-style From:/Sent:/To:/Subject: block? */
function headerBlockAt(lines: string[], i: number): number {
  if (!HDR_FROM.test(lines[i] ?? '')) return 0;
  let j = i + 1;
  let names = 1;
  let sawDateOrSubject = false;
  while (j < lines.length && j < i + 14) {
    const l = lines[j]!;
    const m = l.match(HDR_ANY);
    if (m) {
      names++;
      if (/^(sent|date|datum|gesendet|envoy|enviad|fecha|data|inviato|verzonden|verstuurd|subject|betreff|objet|asunto|assunto|oggetto|onderwerp)/i.test(m[1]!)) sawDateOrSubject = true;
      j++;
      continue;
    }
    // a wrapped continuation of an address list
    if (l.trim() && /^\s+\S|@|^[^:]{1,80}>[;,]?\s*$/.test(l) && !/^\s*$/.test(l) && names < 6 && /[<@;,]/.test(l)) {
      j++;
      continue;
    }
    break;
  }
  return names >= 3 && sawDateOrSubject ? j - i : 0;
}

function parseHeaderBlock(lines: string[]): ForwardedHeader {
  const fh: ForwardedHeader = { from: null, to: [], cc: [], subject: null, date: null };
  let cur: string | null = null;
  const vals: Record<string, string> = {};
  for (const l of lines) {
    const m = l.match(HDR_ANY);
    if (m) {
      const k = m[1]!.toLowerCase();
      cur = /^(from|von|de|da|van)$/.test(k)
        ? 'from'
        : /^(to|an|à|a|para|aan)$/.test(k)
          ? 'to'
          : /^(cc|kopie)$/.test(k)
            ? 'cc'
            : /^(subject|betreff|objet|asunto|assunto|oggetto|onderwerp)$/.test(k)
              ? 'subject'
              : /^reply-to$/.test(k)
                ? 'replyto'
                : 'date';
      vals[cur] = (vals[cur] ? vals[cur] + ' ' : '') + m[2]!.replace(/[*_]{2}/g, '');
    } else if (cur) vals[cur] += ' ' + l.trim();
  }
  if (vals.from) fh.from = parseAddressList(vals.from)[0] ?? null;
  if (vals.to) fh.to = parseAddressList(vals.to);
  if (vals.cc) fh.cc = parseAddressList(vals.cc);
  if (vals.subject) fh.subject = vals.subject.trim();
  if (vals.date) fh.date = vals.date.trim();
  return fh;
}

function isAttribution(lines: string[], i: number): number {
  const l = lines[i]!;
  if (ATTRIBUTION_ONE.test(l)) return 1;
  if (ATTRIBUTION_START.test(l) && i + 1 < lines.length && ATTRIBUTION_END.test(lines[i + 1]!) && !/^\s*>/.test(lines[i + 1]!) && (l + lines[i + 1]).length < 300) {
    const joined = l + ' ' + lines[i + 1]!;
    if (ATTRIBUTION_ONE.test(joined)) return 2;
  }
  return 0;
}

/**
 * Split a plain-text body. `forwardMode` = the message forwards something (the forwarded bodies are the
 * message's content, only their header blocks go); otherwise quoted history is removed wherever it sits
 * (top-, bottom- and inline-posted replies).
 */
export function splitBody(text: string, forwardMode: boolean): SplitResult {
  const lines = cleanInvisible(text).replace(/\r\n?/g, '\n').split('\n');
  const keep: string[] = [];
  const quoted: string[] = [];
  const forwarded: ForwardedHeader[] = [];
  const sections: { header: ForwardedHeader | null; lines: string[] }[] = [{ header: null, lines: [] }];
  const pushFwd = (fh: ForwardedHeader) => {
    forwarded.push(fh);
    sections.push({ header: fh, lines: [] });
  };
  let hadQuote = false;
  let i = 0;
  let skipping: 'none' | 'signature' | 'rest' = 'none';
  let fwdMode = forwardMode;
  while (i < lines.length) {
    const line = lines[i]!;
    // forwarded-message markers
    if (FWD_MARKER.test(line)) {
      const isOriginal = ORIGINAL_MARKER.test(line);
      if (!fwdMode && isOriginal) {
        // a reply's quoted original: everything below is history
        hadQuote = true;
        quoted.push(...lines.slice(i));
        break;
      }
      fwdMode = true;
      skipping = 'none';
      let j = i + 1;
      while (j < lines.length && !lines[j]!.trim()) j++;
      const n = headerBlockAt(lines, j) || headerCountLoose(lines, j);
      if (n) {
        pushFwd(parseHeaderBlock(lines.slice(j, j + n)));
        i = j + n;
      } else i++;
      continue;
    }
    const hb = headerBlockAt(lines, i);
    if (hb) {
      if (fwdMode) {
        pushFwd(parseHeaderBlock(lines.slice(i, i + hb)));
        skipping = 'none';
        i += hb;
        continue;
      }
      hadQuote = true;
      quoted.push(...lines.slice(i));
      break;
    }
    if (skipping === 'signature') {
      i++;
      continue;
    }
    const att = isAttribution(lines, i);
    if (att) {
      hadQuote = true;
      let j = i + att;
      while (j < lines.length && !lines[j]!.trim()) j++;
      if (j < lines.length && /^\s*>/.test(lines[j]!)) {
        i = i + att; // `>`-quoted: drop the attribution, the `>` lines go below, inline answers stay
        continue;
      }
      // unquoted history (HTML converted without blockquote marks): everything below goes
      quoted.push(...lines.slice(i));
      break;
    }
    if (/^\s*>/.test(line)) {
      hadQuote = true;
      quoted.push(line.replace(/^\s*(?:>\s?)+/, ''));
      i++;
      continue;
    }
    if (SIGNATURE_START.test(line)) {
      skipping = 'signature';
      i++;
      continue;
    }
    keep.push(line);
    sections[sections.length - 1]!.lines.push(line);
    i++;
  }
  const newText = keep
    .join('\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const tidy = (ls: string[]) => ls.join('\n').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
  return {
    newText,
    forwarded,
    quoted: quoted.join('\n'),
    hadQuote,
    sections: sections.map((s) => ({ header: s.header, text: tidy(s.lines) })),
  };
}

// After a "Forwarded message" marker, Gmail puts From:/Date:/Subject:/To: lines (sometimes only 2 of them).
function headerCountLoose(lines: string[], j: number): number {
  let k = j;
  let last = j;
  while (k < lines.length && k < j + 14) {
    if (HDR_ANY.test(lines[k]!)) {
      k++;
      last = k;
      continue;
    }
    if (lines[k]!.trim() && /[<@;,]/.test(lines[k]!) && k > j && !/[.!?]\s*$/.test(lines[k]!)) {
      k++;
      last = k;
      continue;
    }
    break;
  }
  return last - j >= 2 ? last - j : 0;
}
