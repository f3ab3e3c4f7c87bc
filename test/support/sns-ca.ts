// Test PKI for SNS: a test CA and an "SNS" signing certificate (CN=sns.amazonaws.com) it issued, plus an
// attacker's self-signed certificate with the same name, all made with the openssl CLI in a temp folder.
// sign() produces messages in SNS's real JSON format, signed the way SNS signs (SignatureVersion 1:
// SHA1withRSA, 2: SHA256withRSA over the canonical string).
import { execFileSync } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalString, type SnsMessage } from '../../src/inbound/sns-verify.js';

export interface SnsPki {
  caPem: string;
  certPem: string; // issued by the CA
  keyPem: string;
  rogueCertPem: string; // self-signed, same subject
  rogueKeyPem: string;
}

export function makeSnsPki(): SnsPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sns-pki-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Coordinator Test SNS CA');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'sns.key', '-out', 'sns.csr', '-subj', '/CN=sns.amazonaws.com');
    ssl('x509', '-req', '-in', 'sns.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'sns.pem', '-days', '2');
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rogue.key', '-out', 'rogue.pem', '-days', '2', '-subj', '/CN=sns.amazonaws.com');
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    return { caPem: read('ca.pem'), certPem: read('sns.pem'), keyPem: read('sns.key'), rogueCertPem: read('rogue.pem'), rogueKeyPem: read('rogue.key') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const REGION = 'eu-west-1';
export const TOPIC = `arn:aws:sns:${REGION}:123456789012:coordinator-inbound`;
export const CERT_URL = `https://sns.${REGION}.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem`;

export function snsMessage(
  fields: { Type?: SnsMessage['Type']; Message: string; Subject?: string; TopicArn?: string; Timestamp?: Date; MessageId?: string; SubscribeURL?: string; Token?: string; SigningCertURL?: string },
  key: string,
  version: '1' | '2' = '2',
): SnsMessage {
  const type = fields.Type ?? 'Notification';
  const m: SnsMessage = {
    Type: type,
    MessageId: fields.MessageId ?? randomUUID(),
    TopicArn: fields.TopicArn ?? TOPIC,
    ...(fields.Subject !== undefined ? { Subject: fields.Subject } : {}),
    Message: fields.Message,
    Timestamp: (fields.Timestamp ?? new Date()).toISOString(),
    SignatureVersion: version,
    Signature: '',
    SigningCertURL: fields.SigningCertURL ?? CERT_URL,
    ...(type !== 'Notification' ? { SubscribeURL: fields.SubscribeURL ?? `https://sns.${REGION}.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=tok`, Token: fields.Token ?? 'tok' } : {}),
  };
  m.Signature = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256').update(canonicalString(m)).sign(key, 'base64');
  return m;
}

/** An SES "Received" notification as the SNS action sends it (content inline, Base64). */
export function sesReceived(raw: Buffer, o: { messageId?: string; from?: string; to?: string[] } = {}): string {
  const messageId = o.messageId ?? `ses-${randomUUID()}`;
  return JSON.stringify({
    notificationType: 'Received',
    mail: { timestamp: new Date().toISOString(), source: o.from ?? 'dana@fabrikam.com', messageId, destination: o.to ?? ['coordinator@contoso.com'], commonHeaders: {} },
    receipt: {
      recipients: o.to ?? ['coordinator@contoso.com'],
      spamVerdict: { status: 'PASS' },
      virusVerdict: { status: 'PASS' },
      spfVerdict: { status: 'PASS' },
      dkimVerdict: { status: 'PASS' },
      dmarcVerdict: { status: 'PASS' },
      action: { type: 'SNS', topicArn: TOPIC, encoding: 'BASE64' },
    },
    content: raw.toString('base64'),
  });
}
