// A module of the typed rule tests' project, imported by their code.
export async function persist(id: string): Promise<void> {
  if (!id) throw new Error('an id is required');
}
