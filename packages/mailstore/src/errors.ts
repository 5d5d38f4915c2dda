/**
 * Typed errors of the message store. Each extends a KontorError of
 * @kontor/core, so the edges (IMAP/POP3/SMTP replies, HTTP status, CLI exit
 * code) can map them without knowing this package.
 */
import { ConflictError, ForbiddenError, KontorError, NotFoundError, ValidationError } from '@kontor/core';

/** Storing the message would take the mailbox over its quota (SMTP 552, IMAP [OVERQUOTA]). */
export class QuotaExceededError extends KontorError {
  readonly code = 'quota_exceeded';
  constructor(
    readonly mailboxId: number,
    readonly size: number,
    readonly usedBytes: bigint,
    readonly quotaBytes: bigint,
  ) {
    super(`Mailbox ${mailboxId} is over quota: ${usedBytes} + ${size} bytes exceeds ${quotaBytes}`);
  }
}

export class MailboxNotFoundError extends NotFoundError {
  constructor(readonly mailboxId: number) {
    super(`No mailbox ${mailboxId}`);
  }
}

/** No folder of that name (or id) in the mailbox (IMAP [NONEXISTENT]). */
export class FolderNotFoundError extends NotFoundError {
  constructor(readonly folder: string | number) {
    super(typeof folder === 'number' ? `No folder with id ${folder}` : `No folder ${folder}`);
  }
}

/** A folder of that name exists already (IMAP [ALREADYEXISTS]). */
export class FolderExistsError extends ConflictError {
  constructor(readonly folder: string) {
    super(`The folder ${folder} already exists`, 'name');
  }
}

/** The name breaks the folder naming rules (empty level, wildcard, control character, ...). */
export class InvalidFolderNameError extends ValidationError {
  constructor(name: string, reason: string) {
    super({ name: reason }, `Invalid folder name ${JSON.stringify(name)}: ${reason}`);
  }
}

/** An operation the folder does not allow, e.g. deleting INBOX (IMAP NO, no [code]). */
export class FolderOperationNotAllowedError extends ForbiddenError {}

/**
 * The blob file vanished between storeBlob and deliver (a sweep raced an old
 * unreferenced copy of the same content). Nothing was stored; the caller
 * answers with a temporary failure (SMTP 451) and the sender retries.
 */
export class BlobMissingError extends KontorError {
  readonly code = 'blob_missing';
  constructor(readonly sha256: string) {
    super(`Blob ${sha256} is missing from the blob store`);
  }
}

/** The message is larger than the store can describe (Message.size is a 32-bit integer). */
export class MessageTooLargeError extends KontorError {
  readonly code = 'message_too_large';
  constructor(readonly size: number) {
    super(`A message of ${size} bytes is too large to store`);
  }
}
