#!/usr/bin/env node
// The `assent` command (npx assent <command>): runs the TypeScript CLI through tsx, as `npm start` runs the server.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
