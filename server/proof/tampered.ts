/** A verifier found the log manipulated; the message names the record and what is wrong with it. */
export class Tampered extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Tampered';
  }
}
