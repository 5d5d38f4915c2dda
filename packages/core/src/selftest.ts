/**
 * The deliverability self-test (docs/dns.md, Self-test): what a receiver
 * computes for a probe Kontor sent itself, as one verdict per check, each
 * with a fix where it does not pass. maild gathers the facts at its MX
 * (apps/maild/src/selftest/), this file turns them into verdicts and words;
 * the CLI, the API and the panel only show them.
 */

/** The probe's local part: kontor-selftest-<token>, at MAIL_HOSTNAME. */
export const SELFTEST_LOCAL_PREFIX = 'kontor-selftest-';
/** How long a run waits for its probe before it counts as timed out. */
export const SELFTEST_TIMEOUT_MS = 60_000;

export function selftestAddress(token: string, mailHostname: string): string {
  return `${SELFTEST_LOCAL_PREFIX}${token}@${mailHostname.toLowerCase()}`;
}

/** The token of a probe address at MAIL_HOSTNAME, else undefined. */
export function selftestTokenOf(address: string, mailHostname: string): string | undefined {
  const match = /^kontor-selftest-([a-z0-9]{8,64})@(.+)$/i.exec(address);
  return match && match[2]!.toLowerCase() === mailHostname.toLowerCase() ? match[1]!.toLowerCase() : undefined;
}

export const SELFTEST_CHECKS = ['spf', 'dkim-rsa', 'dkim-ed25519', 'dmarc', 'tls', 'ptr-helo', 'blocklist', 'size', 'headers'] as const;
export type SelftestCheck = (typeof SELFTEST_CHECKS)[number];
export type SelftestStatus = 'pass' | 'fail' | 'warn';

export interface SelftestVerdict {
  check: SelftestCheck;
  status: SelftestStatus;
  /** What was found, in a receiver's words (results, names, addresses). */
  found: string;
  /** Why it does not pass, and what to do (a key of SELFTEST_FIXES); absent when it passes. */
  fix?: SelftestFixCode;
  values?: Record<string, string>;
}

/** What the MX saw of the probe; gathered at DATA (message-auth.ts, session-tls.ts, the DNS checks). */
export interface SelftestFacts {
  domain: string;
  ip: string;
  helo: string;
  spf: { result: string; domain: string };
  /** One per DKIM-Signature: its d=, a= (rsa-sha256, ed25519-sha256) and result. */
  dkim: Array<{ domain: string; algorithm: string; result: string }>;
  dmarc: { result: string; record: boolean; spfAligned: boolean; dkimAligned: boolean };
  tls: { protocol?: string; cipher?: string } | null;
  /** Names the IP's PTR gives, and whether one of them resolves back to the IP. */
  ptr: { names: string[]; confirmed: boolean; error?: boolean };
  /** Blocklist zones that list the IP; those that could not answer. */
  blocklists: { listed: string[]; unanswered: string[]; zones: number };
  size: number;
  maxSize: number;
  headers: { messageId: boolean; date: boolean; from: boolean };
}

export const SELFTEST_FIX_CODES = [
  'spfFail',
  'spfMissing',
  'dkimMissing',
  'dkimFail',
  'dmarcMissing',
  'dmarcFail',
  'noTls',
  'oldTls',
  'ptrMissing',
  'ptrMismatch',
  'heloMismatch',
  'listed',
  'blocklistUnanswered',
  'tooLarge',
  'headersMissing',
] as const;
export type SelftestFixCode = (typeof SELFTEST_FIX_CODES)[number];

function dkimVerdict(check: 'dkim-rsa' | 'dkim-ed25519', facts: SelftestFacts): SelftestVerdict {
  const prefix = check === 'dkim-rsa' ? 'rsa-' : 'ed25519-';
  const signature = facts.dkim.find((s) => s.algorithm.toLowerCase().startsWith(prefix) && s.domain.toLowerCase() === facts.domain);
  if (!signature) return { check, status: 'fail', found: 'no signature', fix: 'dkimMissing', values: { domain: facts.domain } };
  const found = `${signature.result} (d=${signature.domain}, a=${signature.algorithm})`;
  return signature.result === 'pass' ? { check, status: 'pass', found } : { check, status: 'fail', found, fix: 'dkimFail', values: { domain: facts.domain } };
}

function ptrHeloVerdict(facts: SelftestFacts): SelftestVerdict {
  const check = 'ptr-helo';
  const values = { ip: facts.ip, helo: facts.helo, names: facts.ptr.names.join(', ') };
  const found = `PTR ${facts.ptr.names.join(', ') || '–'}, HELO ${facts.helo}`;
  if (!facts.ptr.names.length) return { check, status: facts.ptr.error ? 'warn' : 'fail', found, fix: 'ptrMissing', values };
  if (!facts.ptr.confirmed) return { check, status: 'fail', found, fix: 'ptrMismatch', values };
  if (!facts.ptr.names.includes(facts.helo.toLowerCase())) return { check, status: 'warn', found, fix: 'heloMismatch', values };
  return { check, status: 'pass', found };
}

/** One verdict per check, in SELFTEST_CHECKS order. */
export function evaluateSelftest(facts: SelftestFacts): SelftestVerdict[] {
  const spfFound = `${facts.spf.result} (${facts.spf.domain || facts.domain}, ${facts.ip})`;
  const spf: SelftestVerdict =
    facts.spf.result === 'pass'
      ? { check: 'spf', status: 'pass', found: spfFound }
      : {
          check: 'spf',
          status: facts.spf.result === 'softfail' || facts.spf.result === 'neutral' ? 'warn' : 'fail',
          found: spfFound,
          fix: facts.spf.result === 'none' ? 'spfMissing' : 'spfFail',
          values: { domain: facts.domain, ip: facts.ip },
        };
  const dmarcFound = `${facts.dmarc.result} (SPF ${facts.dmarc.spfAligned ? 'aligned' : 'not aligned'}, DKIM ${facts.dmarc.dkimAligned ? 'aligned' : 'not aligned'})`;
  const dmarc: SelftestVerdict =
    facts.dmarc.result === 'pass'
      ? { check: 'dmarc', status: 'pass', found: dmarcFound }
      : { check: 'dmarc', status: 'fail', found: dmarcFound, fix: facts.dmarc.record ? 'dmarcFail' : 'dmarcMissing', values: { domain: facts.domain } };
  const protocol = facts.tls?.protocol ?? '';
  const tls: SelftestVerdict = !facts.tls
    ? { check: 'tls', status: 'fail', found: 'none', fix: 'noTls' }
    : /^TLSv1(\.[01])?$/.test(protocol)
      ? { check: 'tls', status: 'warn', found: `${protocol} ${facts.tls.cipher ?? ''}`.trim(), fix: 'oldTls' }
      : { check: 'tls', status: 'pass', found: `${protocol} ${facts.tls.cipher ?? ''}`.trim() };
  const bl = facts.blocklists;
  const blocklist: SelftestVerdict = bl.listed.length
    ? { check: 'blocklist', status: 'fail', found: `listed on ${bl.listed.join(', ')}`, fix: 'listed', values: { ip: facts.ip, zones: bl.listed.join(', ') } }
    : bl.unanswered.length
      ? {
          check: 'blocklist',
          status: 'warn',
          found: `no answer from ${bl.unanswered.join(', ')}`,
          fix: 'blocklistUnanswered',
          values: { zones: bl.unanswered.join(', ') },
        }
      : { check: 'blocklist', status: 'pass', found: `not listed (${bl.zones} ${bl.zones === 1 ? 'zone' : 'zones'})` };
  const size: SelftestVerdict =
    facts.size <= facts.maxSize
      ? { check: 'size', status: 'pass', found: `${facts.size} bytes` }
      : { check: 'size', status: 'fail', found: `${facts.size} bytes`, fix: 'tooLarge', values: { max: String(facts.maxSize) } };
  const missing = (['messageId', 'date', 'from'] as const)
    .filter((h) => !facts.headers[h])
    .map((h) => ({ messageId: 'Message-ID', date: 'Date', from: 'From' })[h]);
  const headers: SelftestVerdict = missing.length
    ? { check: 'headers', status: 'fail', found: `missing ${missing.join(', ')}`, fix: 'headersMissing', values: { headers: missing.join(', ') } }
    : { check: 'headers', status: 'pass', found: 'Message-ID, Date, From' };
  return [spf, dkimVerdict('dkim-rsa', facts), dkimVerdict('dkim-ed25519', facts), dmarc, tls, ptrHeloVerdict(facts), blocklist, size, headers];
}

type Texts = Record<SelftestFixCode, (v: Record<string, string>) => string>;

const FIXES_EN: Texts = {
  spfFail: (v) => `The SPF record of ${v.domain} does not authorise ${v.ip}. Publish the SPF record the DNS tab shows.`,
  spfMissing: (v) => `${v.domain} has no SPF record. Publish the SPF record the DNS tab shows.`,
  dkimMissing: (v) => `The message carried no signature of ${v.domain} with this key type. Check that the domain has an active DKIM key of both types.`,
  dkimFail: (v) => `The signature did not verify: publish the DKIM record of ${v.domain} exactly as the DNS tab shows (a wrong or old key fails).`,
  dmarcMissing: (v) => `${v.domain} has no DMARC record. Publish the _dmarc record the DNS tab shows.`,
  dmarcFail: (v) => `Neither SPF nor DKIM passed aligned with ${v.domain}. Fix SPF and DKIM above; DMARC passes once one of them does.`,
  noTls: () => 'The message arrived without TLS. Check that the server has a certificate and that nothing between strips STARTTLS.',
  oldTls: () => 'An old TLS version was used. Receivers prefer TLS 1.2 or newer.',
  ptrMissing: (v) => `${v.ip} has no PTR record. Ask the provider of the address to set its reverse DNS to the server name (MAIL_HOSTNAME).`,
  ptrMismatch: (v) =>
    `The PTR name of ${v.ip} (${v.names}) does not resolve back to it. Point the name's A/AAAA record at the address, or set the PTR to the server name.`,
  heloMismatch: (v) => `The server greets as ${v.helo} but its address is named ${v.names}. Set MAIL_HOSTNAME to the PTR name, or the PTR to MAIL_HOSTNAME.`,
  listed: (v) => `${v.ip} is on ${v.zones}. Find out why on the list's website and ask for delisting; receivers refuse or junk mail from listed addresses.`,
  blocklistUnanswered: (v) => `${v.zones} did not answer (public resolvers are often refused). Use a resolver of your own (DNS_SERVERS) to check.`,
  tooLarge: (v) => `The message is over ${v.max} bytes.`,
  headersMissing: (v) => `The message lacks ${v.headers}. Receivers distrust such mail.`,
};

const FIXES_DE: Texts = {
  spfFail: (v) => `Der SPF-Eintrag von ${v.domain} erlaubt ${v.ip} nicht. Veröffentlichen Sie den SPF-Eintrag, den der DNS-Reiter zeigt.`,
  spfMissing: (v) => `${v.domain} hat keinen SPF-Eintrag. Veröffentlichen Sie den SPF-Eintrag, den der DNS-Reiter zeigt.`,
  dkimMissing: (v) =>
    `Die Nachricht trug keine Signatur von ${v.domain} mit diesem Schlüsseltyp. Prüfen Sie, ob die Domain einen aktiven DKIM-Schlüssel beider Typen hat.`,
  dkimFail: (v) =>
    `Die Signatur ließ sich nicht prüfen: Veröffentlichen Sie den DKIM-Eintrag von ${v.domain} genau wie im DNS-Reiter (ein falscher oder alter Schlüssel scheitert).`,
  dmarcMissing: (v) => `${v.domain} hat keinen DMARC-Eintrag. Veröffentlichen Sie den _dmarc-Eintrag, den der DNS-Reiter zeigt.`,
  dmarcFail: (v) => `Weder SPF noch DKIM waren passend zu ${v.domain} erfolgreich. Beheben Sie SPF und DKIM oben; DMARC besteht, sobald eines davon besteht.`,
  noTls: () => 'Die Nachricht kam ohne TLS an. Prüfen Sie, ob der Server ein Zertifikat hat und nichts dazwischen STARTTLS entfernt.',
  oldTls: () => 'Es wurde eine alte TLS-Version verwendet. Empfänger bevorzugen TLS 1.2 oder neuer.',
  ptrMissing: (v) => `${v.ip} hat keinen PTR-Eintrag. Bitten Sie den Anbieter der Adresse, das Reverse-DNS auf den Servernamen (MAIL_HOSTNAME) zu setzen.`,
  ptrMismatch: (v) =>
    `Der PTR-Name von ${v.ip} (${v.names}) zeigt nicht auf die Adresse zurück. Richten Sie den A/AAAA-Eintrag des Namens auf die Adresse, oder setzen Sie den PTR auf den Servernamen.`,
  heloMismatch: (v) =>
    `Der Server meldet sich als ${v.helo}, seine Adresse heißt aber ${v.names}. Setzen Sie MAIL_HOSTNAME auf den PTR-Namen oder den PTR auf MAIL_HOSTNAME.`,
  listed: (v) =>
    `${v.ip} steht auf ${v.zones}. Klären Sie auf der Website der Liste den Grund und beantragen Sie die Entfernung; Empfänger lehnen Mail gelisteter Adressen ab oder sortieren sie als Spam.`,
  blocklistUnanswered: (v) =>
    `${v.zones} hat nicht geantwortet (öffentliche Resolver werden oft abgewiesen). Prüfen Sie mit einem eigenen Resolver (DNS_SERVERS).`,
  tooLarge: (v) => `Die Nachricht ist größer als ${v.max} Bytes.`,
  headersMissing: (v) => `Der Nachricht fehlt ${v.headers}. Empfänger misstrauen solcher Mail.`,
};

/** The fix of a verdict in English or German; '' when it passes. */
export function selftestFixText(verdict: Pick<SelftestVerdict, 'fix' | 'values'>, locale: 'en' | 'de' = 'en'): string {
  if (!verdict.fix) return '';
  const texts = locale === 'de' ? FIXES_DE : FIXES_EN;
  return texts[verdict.fix]?.(verdict.values ?? {}) ?? '';
}

/** Verdicts with their fix in words, as the CLI's --json and the API give them. */
export function describedSelftestVerdicts(verdicts: readonly SelftestVerdict[], locale: 'en' | 'de' = 'en'): Array<SelftestVerdict & { fixText: string }> {
  return verdicts.map((v) => ({ ...v, fixText: selftestFixText(v, locale) }));
}
