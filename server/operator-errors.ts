import { EnvError } from './env';
import { KeyFileError } from './proof/key-ring';
import { SiteConfigError } from './sites/site-registry';
import { DatabaseOpenError } from './store/receipt-store';

/** A command used wrongly (the CLI): the message says how to use it. */
export class UsageError extends Error {}

/**
 * What the operator is told when start-up or a CLI command fails, for `main.ts` and `cli.ts` alike: one line they
 * can act on (a bad setting, site config, key file or database; a file or port problem), or undefined for a bug,
 * which is reported with its stack.
 */
export function operatorMessage(error: unknown): string | undefined {
  if (
    error instanceof EnvError ||
    error instanceof SiteConfigError ||
    error instanceof KeyFileError ||
    error instanceof DatabaseOpenError ||
    error instanceof UsageError
  )
    return error.message;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (
    code === 'ENOENT' ||
    code === 'EACCES' ||
    code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
    code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
  )
    return (error as Error).message;
  if (code === 'EADDRINUSE') return `the port is already in use (${(error as Error).message}); set PORT to another one`;
  return undefined;
}
