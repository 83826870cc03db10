/** What an orchestrator asked for in one episode; the worker turns actions into history and messages. */
export type OrchestratorAction = ScheduleTaskAction | CreateTimerAction | CreateSubOrchestrationAction;

export interface ScheduleTaskAction {
  readonly kind: 'ScheduleTask';
  /** Sequence number: becomes the TaskScheduled eventId. */
  readonly id: number;
  readonly name: string;
  readonly input?: string;
}

export interface CreateTimerAction {
  readonly kind: 'CreateTimer';
  readonly id: number;
  /** ISO-8601 UTC due time. */
  readonly fireAt: string;
}

export interface CreateSubOrchestrationAction {
  readonly kind: 'CreateSubOrchestration';
  readonly id: number;
  readonly name: string;
  readonly instanceId: string;
  readonly input?: string;
  readonly version?: string;
}

/** A short description of an action for error messages, e.g. `TaskScheduled E1_SayHello`. */
export function describeAction(action: OrchestratorAction): string {
  switch (action.kind) {
    case 'ScheduleTask':
      return `TaskScheduled ${action.name}`;
    case 'CreateTimer':
      return `TimerCreated (due ${action.fireAt})`;
    case 'CreateSubOrchestration':
      return `SubOrchestrationInstanceCreated ${action.name}`;
  }
}
