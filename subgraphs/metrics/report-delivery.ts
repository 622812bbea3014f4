import { createTransport, type Mail } from 'nodemailer';
import type { DeliveryChannel } from '../../db/schema/metrics.js';

export interface ReportRecipients {
  /** POSTed the report as JSON. */
  webhooks: string[];
  /** Sent the report's markdown as plain text, through `smtpUrl`. */
  emails: string[];
  smtpUrl: string | undefined;
  from: string;
  /** Per attempt. */
  timeoutMs: number;
}

export interface Recipient {
  channel: DeliveryChannel;
  /** Where it goes; may hold a secret (a webhook token), so never shown. */
  address: string;
  /** What lists show: the webhook's origin, the e-mail address. */
  label: string;
}

export interface DeliverableReport {
  id: string;
  period: 'DAY' | 'WEEK';
  from: string;
  to: string;
  markdown: string;
  body: Record<string, unknown>;
}

export function recipientsOf(config: ReportRecipients): Recipient[] {
  return [
    ...config.webhooks.map((address) => ({ channel: 'WEBHOOK' as const, address, label: webhookLabel(address) })),
    ...config.emails.map((address) => ({ channel: 'EMAIL' as const, address, label: address })),
  ];
}

/** A webhook URL's path and query often carry its secret (Slack, Teams): show the origin only. */
function webhookLabel(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return 'webhook';
  }
}

/** smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (TLS from the start). */
function mailerFor(smtpUrl: string, timeoutMs: number): Mail {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return createTransport({
    host: url.hostname,
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
}

/** Sends one report to one recipient; throws (with a message fit for `lastError`) when it did not arrive. */
export class ReportSender {
  private readonly mailer: Mail | null;

  constructor(private readonly config: ReportRecipients) {
    this.mailer = config.smtpUrl ? mailerFor(config.smtpUrl, config.timeoutMs) : null;
  }

  async send(to: Recipient, report: DeliverableReport): Promise<void> {
    if (to.channel === 'WEBHOOK') {
      const res = await fetch(to.address, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'medillustrator-reports' },
        body: JSON.stringify({
          id: report.id,
          period: report.period,
          from: report.from,
          to: report.to,
          markdown: report.markdown,
          report: report.body,
        }),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
      return;
    }
    if (!this.mailer) throw new Error('REPORT_EMAIL_TO is set but SMTP_URL is not');
    const title = report.period === 'DAY' ? 'Daily report' : 'Weekly report';
    await this.mailer.sendMail({
      from: this.config.from,
      to: to.address,
      subject: `MedIllustrator ${title}, ${report.from.slice(0, 10)} to ${report.to.slice(0, 10)}`,
      text: report.markdown,
    });
  }

  close(): void {
    this.mailer?.close();
  }
}
