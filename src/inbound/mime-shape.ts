// MIME-1: a cheap look at a message's structure before anything parses it — how deeply multiparts nest
// and how many parts there are — so hostile shapes are refused at the SMTP dialogue.
export function mimeShape(raw: Buffer): { depth: number; parts: number } {
  const text = raw.toString('latin1');
  const open: string[] = [];
  let depth = 0;
  let parts = 0;
  // Each Content-Type that declares a boundary opens a container; its closing delimiter closes it. RFC 2231
  // spellings (boundary*=, boundary*0=) declare one too, and each message/rfc822 part nests a message.
  const re = /boundary(?:\*\d{0,3}\*?)?\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))|^--(\S{1,200}?)(--)?\s*$/gim;
  const embedded = text.match(/^content-type:[ \t]*message\/(?:rfc822|global)\b/gim)?.length ?? 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const declared = m[1] ?? m[2];
    if (declared) {
      if (!open.includes(declared)) open.push(declared);
      depth = Math.max(depth, open.length);
      continue;
    }
    const b = m[3]!;
    const i = open.lastIndexOf(b);
    if (i < 0) continue;
    if (m[4]) open.splice(i); // closing delimiter: this container and anything left open inside it end
    else parts++;
  }
  return { depth: depth + embedded, parts };
}
