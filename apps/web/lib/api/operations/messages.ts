import { clientIp } from '@/lib/client-ip.ts';
import { defineOperation } from '../operation.ts';
import { apiConfig } from '../runtime.ts';
import { sentMessageSchema } from '../schemas.ts';
import { sendApiMessage, sendMessageInput } from '../send-message.ts';

export const sendMessage = defineOperation({
  id: 'sendMessage',
  method: 'POST',
  path: '/messages',
  tag: 'messages',
  summary: 'Send a message',
  description:
    'Sending keys only, from one of the key’s senders. The message goes through the outbound queue like mail sent from a mail program: DKIM-signed with the sender domain’s key, retried when a receiver defers, bounced to the sender when it fails for good; hosted recipients get it at once, and their autoresponders answer it. When `from` is a mailbox, a read copy goes to its Sent folder. The answer’s `queueId` finds it in the trace and the queue. The sender’s mailbox limits apply (per hour and day, shared with its SMTP sending; 429 with Retry-After); an address without a mailbox has the server’s default limits, counted per key.',
  access: 'send',
  body: sendMessageInput,
  // base64 makes attachments a third larger; the message itself is checked against MAX_MESSAGE_SIZE.
  maxBodyBytes: () => Math.ceil(apiConfig().MAX_MESSAGE_SIZE * 1.4) + 65_536,
  status: 202,
  response: sentMessageSchema,
  handler: ({ db, actor, body, request }) => sendApiMessage(db, actor, body, clientIp(request.headers)),
});
