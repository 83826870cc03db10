/** What `@Orchestrator` records on its class. */
export interface OrchestratorMetadata {
  readonly name: string;
  readonly version?: string;
}

/** What `@Entity` records on its class. */
export interface EntityMetadata {
  readonly name: string;
}

/**
 * The kind of class member `@Activity` was applied to. Only `'method'` is a valid activity; the
 * others are recorded so the registry can reject them with a clear message.
 */
export type ActivityMemberKind = 'method' | 'static-method' | 'accessor' | 'property';

/** What `@Activity` records, one entry per decorated member, on the class constructor. */
export interface ActivityMethodMetadata {
  readonly name: string;
  readonly method: string | symbol;
  readonly memberKind: ActivityMemberKind;
}
