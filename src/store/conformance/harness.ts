import { after, before } from 'node:test';
import type { Store } from '../store.js';

/** A store on a database of its own, as a backend's `open` hands it to the conformance suite. */
export interface OpenedStore {
  /** A store on a fresh, empty (unmigrated) database. */
  readonly store: Store;
  /** Removes the database. The suite has closed the store by then. */
  readonly cleanup: () => Promise<void>;
  /**
   * Runs one raw SQL statement on a second connection to the same database, for the few states
   * the Store API cannot create (a migration row from newer code). Tests that need it skip without it.
   */
  readonly exec?: (statement: string) => Promise<void>;
}

export type OpenStore = () => Promise<OpenedStore>;

export interface Harness {
  /** The shared, migrated store; tests keep out of each other's way by working in apps of their own. */
  readonly store: () => Store;
  /** A fresh, unmigrated database, closed and removed after the suite unless disposed earlier. */
  readonly open: () => Promise<OpenedStore>;
  /** A fresh, migrated database: for operations that span every app (claim, expire, apps.list). */
  readonly fresh: () => Promise<OpenedStore>;
  /** Closes (unless `closed`) and removes a database from `open` or `fresh` now. */
  readonly dispose: (opened: OpenedStore, closed?: boolean) => Promise<void>;
}

/** Registers the suite's before/after hooks in the current describe and tracks every database it opens. */
export function harness(openStore: OpenStore): Harness {
  const live = new Set<OpenedStore>();
  let shared: Store | undefined;

  const open = async (): Promise<OpenedStore> => {
    const opened = await openStore();
    live.add(opened);
    return opened;
  };
  const dispose = async (opened: OpenedStore, closed = false): Promise<void> => {
    live.delete(opened);
    if (!closed) await opened.store.close();
    await opened.cleanup();
  };

  before(async () => {
    const opened = await open();
    await opened.store.migrate();
    shared = opened.store;
  });
  after(async () => {
    for (const opened of [...live]) await dispose(opened);
  });

  return {
    store: () => {
      if (!shared) throw new Error('the shared store is opened in before()');
      return shared;
    },
    open,
    fresh: async () => {
      const opened = await open();
      await opened.store.migrate();
      return opened;
    },
    dispose,
  };
}
