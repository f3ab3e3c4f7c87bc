// OUT-7: recipients are parsed strictly. Quoted local parts, comments, groups, several addresses in one
// string and CR/LF are rejected outright (nodemailer GHSA-mm7p-fcc7-pg87, GHSA-cc9r-2j5m-2m83,
// CVE-2021-23400), and the canonical lower-cased form is what goes into envelopes.
const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const strict = new RegExp(`^[a-z0-9!#$%&'*+/=?^_\`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_\`{|}~-]+)*@${label}(?:\\.${label})*$`);

export function canonicalAddress(input: string): string | null {
  if (input.length > 254 || /[\r\n\0]/.test(input)) return null;
  const a = input.trim().toLowerCase();
  return strict.test(a) ? a : null;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/** A display name safe to put into a header: no control characters, no quotes or angle brackets. */
export function safeDisplayName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f"<>]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100);
}
