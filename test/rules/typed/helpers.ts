// A module of the typed rule tests' project, imported by their code.
export async function persist(id: string): Promise<void> {
  if (!id) throw new Error('an id is required');
}

declare function write(id: string): Promise<void>;

function outcome(ok: boolean): { ok: boolean } {
  return { ok };
}

/** A service whose `touch` reports failure as a value (a plain call's, even from its catch block): its promise cannot reject. */
export class Users {
  async touch(id: string): Promise<{ ok: boolean }> {
    try {
      await write(id);
      return outcome(true);
    } catch {
      return outcome(false);
    }
  }

  async save(id: string): Promise<void> {
    await write(id);
  }
}
