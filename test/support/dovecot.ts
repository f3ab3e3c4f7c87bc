// A real IMAP server for tests: Debian's dovecot-imapd (installed by the test setup when missing, see
// ensureDovecot), started unprivileged on a free high port on
// 127.0.0.1, with a passwd-file user and a maildir in a temporary folder. When the tests run as root
// (CI), Dovecot is started as its own unprivileged `dovecot` user, since its login process refuses root.
import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

export interface Dovecot {
  port: number;
  user: string;
  pass: string;
  url(mailbox?: string, port?: number): string;
  /** A fresh imapflow client logged in as the test user (the "other side": appends, reads flags). */
  client(): Promise<ImapFlow>;
  append(raw: Buffer | string, mailbox?: string): Promise<number>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForBanner(port: number, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('data', (d) => {
        sock.destroy();
        resolve(d.toString().startsWith('* OK'));
      });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not answer on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const installed = () => ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => fs.existsSync(p));
const missing = 'the IMAP tests need Dovecot: install the dovecot-imapd package (Debian/Ubuntu: sudo apt-get install -y dovecot-imapd), or run the tests as root on Debian/Ubuntu and they install it';

export function dovecotBinary(): string {
  const bin = installed();
  if (!bin) throw new Error(missing);
  return bin;
}

/**
 * Called once per run (global setup): installs Dovecot with apt-get when it is missing and this process
 * may (root on Debian/Ubuntu), then stops the system instance the package starts, since the tests run
 * their own. Anywhere else it leaves things as they are and the IMAP tests fail with `missing`.
 */
export function ensureDovecot(log: (line: string) => void): void {
  if (installed() || process.getuid?.() !== 0 || !fs.existsSync('/etc/debian_version') || !fs.existsSync('/usr/bin/apt-get')) return;
  // Test runs started side by side install once: the first takes the lock, the others wait for it.
  const lock = path.join(os.tmpdir(), 'coordinator-dovecot-install.lock');
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`another test run has held ${lock} for 10 minutes; remove it if no run is installing Dovecot`);
      execFileSync('sleep', ['1']);
    }
  }
  try {
    if (installed()) return;
    log('installing dovecot-imapd with apt-get (the IMAP tests run a real Dovecot)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (...args: string[]) => execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], { env, stdio: 'pipe' });
    try {
      apt('install', '-y', '-qq', '--no-install-recommends', 'dovecot-imapd');
    } catch {
      apt('update', '-qq'); // a fresh machine has no package lists yet
      apt('install', '-y', '-qq', '--no-install-recommends', 'dovecot-imapd');
    }
    stopSystemDovecot();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** The package's own instance listens on 143/993; only that instance (by its pid file) is stopped. */
function stopSystemDovecot(): void {
  try {
    execFileSync('service', ['dovecot', 'stop'], { stdio: 'pipe' });
  } catch {}
  try {
    const pid = Number(fs.readFileSync('/run/dovecot/master.pid', 'utf8'));
    if (pid > 0) process.kill(pid, 'SIGTERM');
  } catch {}
}

export async function startDovecot(): Promise<Dovecot> {
  const bin = dovecotBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dovecot-'));
  const port = await freePort();
  const user = 'coordinator';
  const pass = 'imap-test-password';
  const asRoot = process.getuid?.() === 0;
  const runUser = asRoot ? 'dovecot' : os.userInfo().username;
  const uid = asRoot ? Number(execFileSync('id', ['-u', runUser]).toString().trim()) : process.getuid!();
  const gid = asRoot ? Number(execFileSync('id', ['-g', runUser]).toString().trim()) : process.getgid!();
  const group = execFileSync('id', ['-gn', runUser]).toString().trim();
  for (const d of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, d));
  fs.writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${pass}::::::\n`);
  fs.writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${runUser}
default_internal_group = ${group}
default_login_user = ${runUser}
first_valid_uid = 0
first_valid_gid = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%u
}
mail_location = maildir:${dir}/mail/%u/Maildir
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
namespace inbox {
  inbox = yes
  separator = /
}
`,
  );
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    execFileSync('chown', ['-R', `${uid}:${gid}`, dir]);
  }
  const child: ChildProcess = spawn(bin, ['-F', '-c', path.join(dir, 'dovecot.conf')], {
    stdio: 'ignore',
    ...(asRoot ? { uid, gid } : {}),
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    await waitForBanner(port, Date.now() + 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    const log = fs.existsSync(path.join(dir, 'dovecot.log')) ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : '';
    throw new Error(`${(err as Error).message}\n${log}`);
  }

  const client = async () => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false, disableAutoIdle: true });
    await c.connect();
    return c;
  };
  return {
    port,
    user,
    pass,
    url: (mailbox = 'INBOX', p = port) => `imap://${user}:${pass}@127.0.0.1:${p}/${mailbox}`,
    client,
    async append(raw, mailbox = 'INBOX') {
      const c = await client();
      try {
        const r = await c.append(mailbox, Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
        return r ? Number(r.uid) : 0;
      } finally {
        await c.logout();
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
