// Splitting a plain-text body into "this message's own new text" and the rest: quoted reply history,
// forwarded header blocks (kept as structured data), signatures and mobile footers.
import { trimLineEnds } from './linear-text.js';
import { dropDashSignature, numberedAnswer } from './reply-marks.js';
import type { Address, ForwardedHeader } from './types.js';

const FWD_MARKER =
  /^\s*(?:-{2,}\s*(?:forwarded message|original message|weitergeleitete nachricht|urspr[üu]ngliche nachricht|message transf[ée]r[ée]|message d'origine|mensaje reenviado|mensaje original|mensagem encaminhada|mensagem original|messaggio inoltrato|messaggio originale|doorgestuurd bericht|oorspronkelijk bericht)\s*-{2,}|begin forwarded message:|d[ée]but du message r[ée]exp[ée]di[ée]\s*:|inizio messaggio inoltrato:|anfang der weitergeleiteten nachricht:|comienzo del mensaje reenviado:|in[íi]cio da mensagem reencaminhada:)\s*$/i;
const ORIGINAL_MARKER = /^\s*-{2,}\s*(?:original message|urspr[üu]ngliche nachricht|message d'origine|mensaje original|mensagem original|messaggio originale|oorspronkelijk bericht)\s*-{2,}\s*$/i;

const HDR_FROM = /^\s*[*_]{0,2}(?:from|von|de|da|van|fra|från|od|lähettäjä|от|发件人|寄件者|差出人)\s*[*_]{0,2}\s*[:：]\s*[*_]{0,2}\s*(.*)$/i;
const HDR_ANY =
  /^\s*[*_]{0,2}(from|von|de|da|van|fra|från|od|lähettäjä|от|发件人|寄件者|差出人|sent|date|datum|dato|gesendet|envoy[ée](?: le)?|enviado|enviada|fecha|data|inviato|verzonden|verstuurd|sendt|skickat|lähetetty|wysłano|отправлено|дата|发送时间|日期|送信日時|to|an|à|a|para|aan|til|till|vastaanottaja|do|кому|收件人|宛先|cc|kopie|copie(?: à)?|kopia|subject|betreff|objet|sujet|asunto|assunto|oggetto|onderwerp|emne|ämne|aihe|temat|тема|主题|件名|reply-to)\s*[*_]{0,2}\s*[:：]\s*[*_]{0,2}\s*(.*)$/i;

const ATTRIBUTION_ONE =
  /^\s*(?:on\b.{3,200}\bwrote|am\b.{3,200}\bschrieb.{0,120}|le\b.{3,200}\ba [ée]crit|el\b.{3,200}\bescribi[óo]|em\b.{3,200}\bescreveu|il\b.{3,200}\bha scritto|op\b.{3,200}\bschreef.{0,120}|.{3,120}<[^>\s]+@[^>\s]+>\s*(?:wrote|schrieb|a [ée]crit|escribi[óo]|escreveu|ha scritto|schreef))\s*:\s*$/i;
const ATTRIBUTION_START = /^\s*(?:on|am|le|el|em|il|op)\s.{3,200}$/i;
const ATTRIBUTION_END = /(?:wrote|schrieb|a [ée]crit|escribi[óo]|escreveu|ha scritto|schreef)(?:\s.{0,120})?\s*:\s*$/i;

const SIGNATURE_START =
  /^\s*(?:--\s*|_{2,}\s*$|sent from my [\w ]+|(?:sent|envoy[ée]|enviado|gesendet|inviato|verzonden|verstuurd|skickat|sendt) (?:from|à partir de|de|desde|von|da|vanaf|met|with|via|fra|från) [^,;]{0,40}\b(?:outlook|iphone|ipad|android|samsung|mobile|gmail|ios|blackberry|typeapp)\b[^,;]*|sent from [\w.-]+(?:\s*<[^>]*>)?\s*$|sent from (?:outlook|mail|yahoo|gmail|samsung)\b.*|sent via .*|sent with .*|(?:get|holen sie sich|obtener|obtenha|baixe|baixar|scarica|t[ée]l[ée]charger)\s+(?:o\s+)?outlook\s+(?:for|f[üu]r|para|per|pour)\s+.*|sent from outlook for .*|von meinem .* gesendet|gesendet von .*|envoy[ée] de mon .*|envoy[ée] depuis .*|enviado desde mi .*|enviado do meu .*|enviado de meu .*|inviato da .*|verzonden (?:vanaf|met) .*|verstuurd vanaf .*|obtener outlook para .*|outlook voor .* downloaden|t[ée]l[ée]charger outlook pour .*|\[?(?:confidentiality notice|disclaimer)\]?:?.*|this (?:e-?mail|message)(?: and any attachments)? (?:is|are|may be) (?:confidential|intended)\b.*)$/i;

export const INVISIBLE = /[\u0000\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD\u{E0000}-\u{E007F}]/gu;

export function cleanInvisible(s: string): string {
  return s.replace(INVISIBLE, '').replace(/\u00A0/g, ' ');
}

export function parseAddressList(value: string): Address[] {
  const out: Address[] = [];
  const seen = new Set<string>();
  const re = /(?:"([^"]*)"|([^<>,;"\[\]]*?))\s*(?:<\s*(?:mailto:)?([^<>\s@]{1,64}@[^<>\s]{1,253}?)\s*>|\[\s*mailto:([^\]\s@]{1,64}@[^\]\s]{1,253})\s*\])|([A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,})/g;
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

function nextNonBlank(lines: string[], j: number): string {
  while (j < lines.length && !lines[j]!.trim()) j++;
  return lines[j] ?? '';
}
const LONE_FROM = /^\s*[*_]{0,2}(?:from|von|de|da|van|fra|från|od)\s*[*_]{0,2}\s*:\s*[^\n]*@[^\s>]+\.[a-z]{2,}/i;

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
      if (!/^(?:from|von|de|da|van|fra|från|od|lähettäjä|от|发件人|寄件者|差出人|to|an|à|a|para|aan|til|till|vastaanottaja|do|кому|收件人|宛先|cc|kopie|copie(?: à)?|kopia|reply-to)$/i.test(m[1]!.trim())) sawDateOrSubject = true;
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
      cur = /^(from|von|de|da|van|fra|från|od|lähettäjä|от|发件人|寄件者|差出人)$/.test(k)
        ? 'from'
        : /^(to|an|à|a|para|aan|til|till|vastaanottaja|do|кому|收件人|宛先)$/.test(k)
          ? 'to'
          : /^(cc|kopie|copie(?: à)?|kopia)$/.test(k)
            ? 'cc'
            : /^(subject|betreff|objet|sujet|asunto|assunto|oggetto|onderwerp|emne|ämne|aihe|temat|тема|主题|件名)$/.test(k)
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

// "wrote" in the languages mail clients write attribution lines in
const WROTE =
  /(?:(?<!\p{L})(?:wrote|schrieb|a [ée]crit|escribi[óo]|ha escrit|escreveu|ha scritto|schreef|napisa[łl]\p{L}*|pisze|skrev|skrifaði|kirjoitti|[íi]rta|написа[лв][аи]?|писал|έγραψε|yazdı)|写道|寫道|작성|のメッセージ)\s*[:：]?\s*$/iu;
// Bounded (RFC 5321: local part ≤ 64, domain ≤ 253): unbounded runs made this quadratic on a long line
// without an "@" (a 200 KB line took ~21 s and blocked the event loop).
const HAS_EMAIL = /[^\s<>()"@]{1,64}@[^\s<>()"@]{1,253}\.[a-z]{2,}/i;
const HAS_DATE = /\d{1,2}[:.h]\d{2}|\b(?:19|20)\d{2}\b|\d{1,2}[./-]\d{1,2}|\d{4}年|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;

/** A reply attribution ("On … wrote:", "2014-03-20 8:48 GMT+01:00 Name <a@b>:", "Am … schrieb …:") over 1–3 lines. */
export function attributionLength(lines: string[], i: number): number {
  let joined = '';
  for (let k = 0; k < 3 && i + k < lines.length; k++) {
    const l = lines[i + k]!;
    if (!l.trim() || (/^\s*>/.test(l) && !(k > 0 && /^\s*>\s*[:：]\s*$/.test(l)))) return 0;
    if (k === 0 && !/[:：]\s*$/.test(l) && !HAS_DATE.test(l) && !HAS_EMAIL.test(l) && !ATTRIBUTION_START.test(l)) return 0;
    joined = (joined ? joined + ' ' : '') + l.trim();
    if (joined.length > 350) return 0;
    const body = joined.replace(/^[-–—*\s]+/, '');
    if (/^on\s.{6,300}\swrote$/i.test(body) && HAS_DATE.test(body) && HAS_EMAIL.test(body)) return k + 1;
    if (!/[:：]\s*$/.test(joined)) continue;
    if (ATTRIBUTION_ONE.test(body)) return k + 1;
    if (WROTE.test(body) && (HAS_DATE.test(body) || HAS_EMAIL.test(body) || /^(?:on|am|le|el|em|il|op|den|w dniu|dnia)\b/i.test(body))) return k + 1;
    if (HAS_EMAIL.test(body) && HAS_DATE.test(body.replace(HAS_EMAIL, ''))) return k + 1;
    return 0;
  }
  return 0;
}

function isAttribution(lines: string[], i: number): number {
  const l = lines[i]!;
  if (ATTRIBUTION_ONE.test(l)) return 1;
  const n = attributionLength(lines, i);
  if (n) return n;
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
  // an answer written under a quoted numbered item ("> 2. Book the crane" / "push to Friday") keeps its number
  let quotedItem: number | null = null;
  let inlineAnswers = false;
  while (i < lines.length) {
    const line = lines[i]!;
    // forwarded-message markers
    if (FWD_MARKER.test(line)) {
      const isOriginal = ORIGINAL_MARKER.test(line);
      if (!fwdMode && isOriginal) {
        hadQuote = true;
        const below = afterHeader(lines, i + 1);
        if (below) {
          // bottom-posted (Zimbra, Thunderbird): the original is `>`-quoted and the answer follows it
          i = below;
          continue;
        }
        // a reply's unquoted original: everything below is history
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
      const below = quotedFrom(lines, i + hb);
      if (below) {
        // a header block over `>`-quoted lines: only the header goes, answers below it stay
        i = below;
        continue;
      }
      quoted.push(...lines.slice(i));
      break;
    }
    if (skipping === 'signature') {
      i++;
      continue;
    }
    if (!fwdMode && LONE_FROM.test(line) && (i === 0 || !lines[i - 1]!.trim() || /^[\s\-_=*~]+$/.test(lines[i - 1]!)) && (keep.some((k) => k.trim()) || !HDR_ANY.test(nextNonBlank(lines, i + 1)))) {
      hadQuote = true;
      quoted.push(...lines.slice(i));
      break;
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
    if (/^\s*>/.test(line) && forwarded.length) {
      // inside a forwarded message, a `>`-quoted block that is itself a forwarded message (a nested
      // forward sent inline with quote marks) is content: unquote it one level and read it again
      let e = i;
      while (e < lines.length && /^\s*>/.test(lines[e]!)) e++;
      const block = lines.slice(i, e).map((l) => l.replace(/^\s*>[ \t]?/, ''));
      let k = 0;
      while (k < block.length && !block[k]!.trim()) k++;
      if (k < block.length && (FWD_MARKER.test(block[k]!) || headerBlockAt(block, k))) {
        lines.splice(i, e - i, ...block);
        continue;
      }
    }
    if (/^\s*>/.test(line)) {
      hadQuote = true;
      const text = line.replace(/^\s*(?:>\s?)+/, '');
      quoted.push(text);
      const item = /^\s*(\d{1,2})[.)]\s+\S/.exec(text);
      if (item) quotedItem = Number(item[1]);
      i++;
      continue;
    }
    if (i > 0 && /^\s*>/.test(lines[i - 1]!) && lines[i - 1]!.length >= 60 && /^\s*[\p{Ll}"]/u.test(line) && !/^\s*>/.test(line)) {
      // a wrapped continuation of the quoted line above
      quoted.push(line);
      i++;
      continue;
    }
    if (SIGNATURE_START.test(line)) {
      skipping = 'signature';
      i++;
      continue;
    }
    const answer = !fwdMode && quotedItem !== null && line.trim() && !/^\s*#?\d/.test(line) ? numberedAnswer(lines, i, inlineAnswers) : false;
    if (answer) {
      keep.push(`${quotedItem} ${line.trim()}`);
      sections[sections.length - 1]!.lines.push(`${quotedItem} ${line.trim()}`);
      quotedItem = null;
      inlineAnswers = true;
      i++;
      continue;
    }
    if (line.trim()) quotedItem = null;
    keep.push(line);
    sections[sections.length - 1]!.lines.push(line);
    i++;
  }
  // separators and dangling labels ("-----", "====", "Message du : 12/12/2016 13:20") left above the cut
  if (hadQuote) {
    while (keep.length && (!keep[keep.length - 1]!.trim() || /^[\s\-_=*~#–—]+$/.test(keep[keep.length - 1]!) || /^\s*-{2,}[^-]{3,50}-{2,}\s*$/.test(keep[keep.length - 1]!) || /^\s*[\p{L} ]{3,25}\s*:\s*[\d/.:,\sapmAPM-]{6,}$/u.test(keep[keep.length - 1]!))) {
      keep.pop();
      const sec = sections[sections.length - 1]!.lines;
      if (sec.length) sec.pop();
    }
  }
  dropDashSignature(keep, sections[sections.length - 1]!.lines);
  const tidy = (ls: string[]) => trimLineEnds(ls.join('\n')).replace(/\n{3,}/g, '\n\n').trim();
  const newText = tidy(keep);
  return {
    newText,
    forwarded,
    quoted: quoted.join('\n'),
    hadQuote,
    sections: sections.map((s) => ({ header: s.header, text: tidy(s.lines) })),
  };
}

/** The first `>`-quoted line at or after j (blank lines skipped), or 0 when the next text is not quoted. */
function quotedFrom(lines: string[], j: number): number {
  while (j < lines.length && !lines[j]!.trim()) j++;
  return j < lines.length && /^\s*>/.test(lines[j]!) ? j : 0;
}

/** Below an "Original Message" marker: skip its header block, then the quoted lines' start (or 0). */
function afterHeader(lines: string[], j: number): number {
  while (j < lines.length && !lines[j]!.trim()) j++;
  const n = headerBlockAt(lines, j) || headerCountLoose(lines, j);
  return quotedFrom(lines, j + n);
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
