/** The shapes of identifiers, written once: the schemas, the cookie codec, the widget and the dashboard use these. */

/** Site, policy, category and channel ids. */
export const SLUG = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** A visitor's pseudonymous id (the widget makes 22 characters). */
export const SUBJECT = /^[A-Za-z0-9_-]{16,64}$/;
/** An opaque (hashed) member reference from the host page. */
export const MEMBER = /^[A-Za-z0-9_:.=+/-]{8,128}$/;
/** A config revision. */
export const REVISION = /^[A-Za-z0-9_-]{1,64}$/;
/** A receipt id: a lowercase UUID v4 or v7. */
export const RECEIPT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A banner view's id: random, made by the widget when it shows the banner (12 bytes, base64url). */
export const VIEW_ID = /^[A-Za-z0-9_-]{16}$/;
