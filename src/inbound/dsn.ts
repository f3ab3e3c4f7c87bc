// Reads delivery status notifications (RFC 3464) and abuse reports (RFC 5965) far enough to attribute
// them: the per-recipient Final-Recipient / Original-Recipient, Action and Status, and the Message-IDs
// of the returned original, which is how a report is tied to a message we sent (LOOP-8/9). Nothing is
// guessed from the human-readable part.
import { canonicalAddress } from '../domain/address.js';
import { headerLines } from './receive.js';

export interface DsnRecipient {
  finalRecipient: string | null;
  originalRecipient: string | null;
  action: string | null; // failed | delayed | delivered | relayed | expanded
  status: string | null; // RFC 3463 x.y.z
  diagnostic: string | null;
}

export interface ReportFacts {
  reportType: 'delivery-status' | 'feedback-report' | null;
  recipients: DsnRecipient[];
  feedbackType: string | null;
  /** ARF Original-Rcpt-To, or the To of the returned original. */
  complainedRecipients: string[];
  /** Message-IDs of the returned original (its Message-ID, not the report's own). */
  originalMessageIds: string[];
}

function fieldBlocks(text: string): Record<string, string>[] {
  const blocks: Record<string, string>[] = [];
  for (const block of text.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    let last: string | null = null;
    for (const line of block.split('\n')) {
      if (/^[ \t]/.test(line) && last) fields[last] += ' ' + line.trim();
      else {
        const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
        if (m) fields[(last = m[1]!.toLowerCase())] = m[2]!.trim();
      }
    }
    if (Object.keys(fields).length) blocks.push(fields);
  }
  return blocks;
}

const addressIn = (v: string | undefined): string | null => {
  if (!v) return null;
  const a = v.replace(/^\s*rfc822\s*;/i, '').replace(/[<>\s]/g, '');
  return canonicalAddress(a);
};

const ids = (text: string): string[] => [...text.matchAll(/^message-id:\s*<([^<>\s]+)>/gim)].map((m) => m[1]!);

interface Part {
  type: string;
  body: string;
}

/** A small MIME walk (multipart boundaries, base64 / quoted-printable): enough for report parts. */
function walk(raw: string, depth = 0, out: Part[] = []): Part[] {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split ? raw.slice(0, split.index) : raw;
  let body = split ? raw.slice(split.index + split[0].length) : '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const ct = /^content-type:\s*([^\r\n]*)/im.exec(unfolded)?.[1] ?? 'text/plain';
  const type = ct.split(';')[0]!.trim().toLowerCase();
  const cte = /^content-transfer-encoding:\s*([^\s;]+)/im.exec(unfolded)?.[1]?.toLowerCase();
  if (cte === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (cte === 'quoted-printable') body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(ct);
  if (type.startsWith('multipart/') && boundary && depth < 10) {
    const b = (boundary[1] ?? boundary[2])!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const closed = new RegExp(`^--${b}--`, 'm').exec(body);
    if (closed) body = body.slice(0, closed.index); // the epilogue is not a part; a truncated report has no close
    const pieces = body.split(new RegExp(`^--${b}[ \\t]*\\r?$`, 'm'));
    for (const piece of pieces.slice(1)) walk(piece.replace(/^\r?\n/, ''), depth + 1, out);
  } else out.push({ type, body });
  return out;
}

export async function readReport(raw: Buffer): Promise<ReportFacts> {
  const { lines } = headerLines(raw);
  const ct = lines.find((l) => /^content-type:/i.test(l)) ?? '';
  const rt = /report-type\s*=\s*"?([a-z-]+)/i.exec(ct)?.[1]?.toLowerCase();
  const ownId = ids(lines.join('\n'))[0];
  let status = '';
  let feedback = '';
  let original = '';
  for (const p of walk(raw.toString('latin1'))) {
    if (p.type === 'message/delivery-status' || p.type === 'message/global-delivery-status') status += '\n\n' + p.body;
    else if (p.type === 'message/feedback-report') feedback += '\n\n' + p.body;
    else if (p.type === 'message/rfc822' || p.type === 'text/rfc822-headers' || p.type === 'message/global' || p.type === 'message/global-headers') original += '\n\n' + p.body;
  }

  const recipients: DsnRecipient[] = [];
  for (const f of fieldBlocks(status)) {
    if (!f['final-recipient'] && !f['original-recipient']) continue;
    recipients.push({
      finalRecipient: addressIn(f['final-recipient']),
      originalRecipient: addressIn(f['original-recipient']),
      action: f['action']?.toLowerCase() ?? null,
      status: /\d\.\d{1,3}\.\d{1,3}/.exec(f['status'] ?? '')?.[0] ?? null,
      diagnostic: f['diagnostic-code'] ?? null,
    });
  }
  const fb = fieldBlocks(feedback)[0] ?? {};
  const complained: string[] = [];
  const rcpt = addressIn(fb['original-rcpt-to']);
  if (rcpt) complained.push(rcpt);
  const origTo = fieldBlocks(original)[0]?.['to'];
  const toAddr = origTo ? canonicalAddress(/<([^<>]+)>/.exec(origTo)?.[1] ?? origTo) : null;
  if (toAddr && !complained.includes(toAddr)) complained.push(toAddr);

  return {
    reportType: rt === 'delivery-status' || rt === 'feedback-report' ? rt : status ? 'delivery-status' : feedback ? 'feedback-report' : null,
    recipients,
    feedbackType: fb['feedback-type']?.toLowerCase() ?? null,
    complainedRecipients: complained,
    originalMessageIds: [...new Set(ids(original))].filter((id) => id !== ownId),
  };
}

/** RFC 3464 §2.3.3 / RFC 3463: a failed action with a 5.x.x status is permanent; 4.x.x or "delayed" is not. */
export function isPermanent(r: DsnRecipient): boolean {
  if (r.action === 'delayed' || r.action === 'delivered' || r.action === 'relayed' || r.action === 'expanded') return false;
  return r.status ? r.status.startsWith('5.') : r.action === 'failed';
}
