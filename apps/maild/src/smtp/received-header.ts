/** RFC 5321 §4.4 trace header for a message we accept. */
export function receivedHeader(options: {
  helo: string;
  clientHostname: string;
  remoteAddress: string;
  ourHostname: string;
  protocol: 'SMTP' | 'ESMTP' | 'ESMTPS' | 'ESMTPA' | 'ESMTPSA';
  queueId: string;
  recipient?: string;
  tls?: { protocol?: string; cipher?: string };
  date?: Date;
}): string {
  const from = `${options.helo} (${options.clientHostname === `[${options.remoteAddress}]` ? '' : `${options.clientHostname} `}[${options.remoteAddress}])`;
  const tls = options.tls?.protocol ? `\r\n\t(using ${options.tls.protocol}${options.tls.cipher ? ` with cipher ${options.tls.cipher}` : ''})` : '';
  const rcpt = options.recipient ? `\r\n\tfor <${options.recipient}>` : '';
  const date = (options.date ?? new Date()).toUTCString().replace('GMT', '+0000');
  return `Received: from ${from}\r\n\tby ${options.ourHostname} (Kontor) with ${options.protocol} id ${options.queueId}${tls}${rcpt};\r\n\t${date}\r\n`;
}
