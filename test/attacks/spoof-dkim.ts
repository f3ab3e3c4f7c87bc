// DMARC on our own listener, for the spoofing harness: mailauth checks SPF, DKIM and DMARC against a
// fixture DNS (no network) with a test DKIM key made here, as mailauth's own tests do. contoso.com allows
// only its own mail servers (not the harness's client address) and publishes p=reject.
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign, dkimVerify } from 'mailauth';
import { senderAuthenticator } from '../../src/coordinate/authenticate-sender.js';

const keys = (['contoso.com', 'evil.test'] as const).map((domain) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { domain, pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), b64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
});

const zone: Record<string, string[][]> = {
  'contoso.com|TXT': [['v=spf1 ip4:198.51.100.0/24 -all']],
  '_dmarc.contoso.com|TXT': [['v=DMARC1; p=reject']],
  'evil.test|TXT': [['v=spf1 ip4:203.0.113.0/24 -all']],
  '_dmarc.evil.test|TXT': [['v=DMARC1; p=none']],
  ...Object.fromEntries(keys.map((k) => [`s1._domainkey.${k.domain}|TXT`, [[`v=DKIM1; k=rsa; p=${k.b64}`]]])),
};

async function fixtureResolver(name: string, rrtype: string): Promise<string[][]> {
  const hit = zone[`${name.toLowerCase()}|${rrtype}`];
  if (hit) return hit;
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
}

/** The client the harness connects from: in evil.test's SPF range, in nobody else's. */
export const CLIENT = { ip: '203.0.113.9', helo: 'mail.evil.test' };

export const dmarcOnListener = senderAuthenticator({ policy: 'dmarc', trustedAuthservIds: [], resolver: fixtureResolver, mta: 'contoso.com' });

export interface Signing {
  domain: 'contoso.com' | 'evil.test';
  /** Sign only the first bytes of the body (`l=`), then append this after signing. */
  append?: string;
  /** Append this after signing the whole body: the signature no longer verifies. */
  tamper?: string;
}

/**
 * Signs raw mail with the domain's test key; with `append`, an `l=` signature and the attacker's text after it.
 * mailauth's verifier rejects about one in a thousand signatures its own signer makes (seen with freshly
 * generated test keys, the same message signing and failing by chance). A legitimate twin has to be mail a
 * correct signer would send, so a signature that does not verify before anything is appended is made again
 * with the next second as its signing time, which changes the signature.
 */
export async function sign(raw: Buffer, s: Signing): Promise<Buffer> {
  const key = keys.find((k) => k.domain === s.domain)!;
  const bodyStart = raw.indexOf('\r\n\r\n') + 4;
  const signer = { signingDomain: key.domain, selector: 's1', privateKey: key.pem, ...(s.append ? { maxBodyLength: raw.length - bodyStart } : {}) };
  for (let attempt = 0; ; attempt++) {
    const signTime = new Date(Math.floor(Date.now() / 1000) * 1000 + attempt * 1000);
    // mailauth's signer reads the keys from signatureData (its typings show only the flat form)
    const options = { canonicalization: 'relaxed/relaxed', signTime, signatureData: [signer] } as unknown as Parameters<typeof dkimSign>[1];
    const { signatures, errors } = await dkimSign(raw, options);
    if (errors.length) throw new Error(`signing failed: ${JSON.stringify(errors)}`);
    const signed = Buffer.concat([Buffer.from(signatures), raw]);
    const check = await dkimVerify(signed, { resolver: fixtureResolver } as unknown as Parameters<typeof dkimVerify>[1]);
    const ok = check.results?.some((r: { status?: { result?: string } }) => r.status?.result === 'pass');
    if (ok) return Buffer.concat([signed, Buffer.from(s.append ?? s.tamper ?? '')]);
    if (attempt >= 5) throw new Error(`mailauth rejected ${attempt + 1} fresh signatures for ${key.domain}`);
  }
}
