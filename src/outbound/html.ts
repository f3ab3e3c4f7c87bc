// Escaping for the plain HTML emails. Everything that came from mail is text, never markup (MIME-4).
const map: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => map[c]!);
