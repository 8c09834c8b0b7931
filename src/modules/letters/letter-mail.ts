import nodemailer from 'nodemailer';

export interface LetterEmail {
  to: string;
  subject: string;
  text: string;
  attachment: { filename: string; content: Buffer; contentType: string };
}

export interface LetterMailer {
  /** Sends the email and answers the SMTP server's message id; throws when it was not accepted. */
  send(email: LetterEmail): Promise<string>;
}

/** How long to wait for a slow or unreachable mail server before telling the sender it failed. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Email is sent only where the council has configured it: `SMTP_URL` (e.g. smtp://mail.example:587,
 * or smtps://user:password@host for TLS and a login) and `MAIL_FROM`. Without both, null: letters go
 * by post, by hand or through a secure portal instead.
 */
export function mailerFromEnvironment(env: NodeJS.ProcessEnv): LetterMailer | null {
  const url = env.SMTP_URL?.trim();
  const from = env.MAIL_FROM?.trim();
  if (!url || !from) return null;
  const transport = nodemailer.createTransport({ url, ...TIMEOUTS }, { from });
  return {
    async send(email) {
      const info = await transport.sendMail({
        to: email.to,
        subject: email.subject,
        text: email.text,
        attachments: [email.attachment],
      });
      return info.messageId;
    },
  };
}
