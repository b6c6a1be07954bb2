/** A verifier found the log manipulated; the message names the record and what is wrong with it. */
export class Tampered extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Tampered';
  }
}

/** How a failed signature check reads in a report: a mismatch is an edit or a forgery; otherwise the reason. */
export const signatureProblem = (reason: string) =>
  reason === 'signature does not match the content'
    ? 'its signature does not match its content — edited or forged'
    : reason;
