/**
 * The entity classes the app registers (the host's function registry fits): a signal to a name
 * no class declares is answered 404, as the reference documents, instead of being queued for an
 * entity whose every operation would fail.
 */
export interface EntityCatalog {
  /** The registration of the entity named `name` (any case), or undefined. */
  getEntity(name: string): object | undefined;
  /** The registered entity names, for the 404 message. */
  entityNames(): readonly string[];
  /** The (lower-case) operations of a class-based entity; undefined when they are not known in advance. */
  entityOperationNames?(name: string): readonly string[] | undefined;
}
